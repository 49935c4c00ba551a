import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { insertPerson, insertSignIn } from '../../test/people';
import { query, VERSION_HEADERS } from '../../test/sync';
import { buildApp } from '../app';
import { createAccessTokens, secretBytes } from '../auth/access-token';
import type { BadRow, ImportDetails } from '../domains/import/imports.service';

const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real multipart/form-data body, as a browser's FormData sends it. */
async function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([file.content], { type: file.type ?? 'text/csv' }), file.name);
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

describe('POST /api/import/upload', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const db = () => testDb.handle.db;

  async function bearer(tenantId: string, grants: RoleGrant[]): Promise<string> {
    const person = await insertPerson(db(), { tenantId, grants });
    const signInId = await insertSignIn(db(), person, null, { mfa: false });
    return `Bearer ${(await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: false }, new Date())).token}`;
  }
  async function upload(authorization: string | null, fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }) {
    const { payload, contentType } = await multipart(fields, file);
    return app.inject({ method: 'POST', url: '/api/import/upload', payload, headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) } });
  }
  async function finished(authorization: string, importId: string): Promise<ImportDetails & { errors: { total: number; rows: BadRow[] } }> {
    for (let i = 0; i < 600; i++) {
      const res = await query<ImportDetails & { errors: { total: number; rows: BadRow[] } }>(app, 'imports.get', { importId }, { ...VERSION_HEADERS, authorization });
      if (res.status !== 200) throw new Error(`imports.get answered ${res.status}: ${JSON.stringify(res.error)}`);
      if (res.data.status === 'done' || res.data.status === 'failed') return res.data;
      await sleep(50);
    }
    throw new Error(`import ${importId} did not finish`);
  }
  const uploads = async () => readdir(path.join(testDb.config.dataDir, 'imports')).catch(() => []);

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'import-upload');
    await insertFixture(db());
    app = await buildApp({ ...config, dataDir: testDb.config.dataDir }, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('refuses a caller who is not signed in (401) and a viewer (403) as problem documents, before reading the file', async () => {
    const file = { name: 'items.csv', content: 'sku,name,type,unit,cost\nX-1,X,raw,ea,1\n' };
    const anonymous = await upload(null, { kind: 'items' }, file);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.json()).toMatchObject({ status: 401, code: ErrorCode.Unauthorized });
    const viewer = await upload(await bearer('tnt_demo', [{ siteId: null, role: 'viewer' }]), { kind: 'items' }, file);
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toMatchObject({ status: 403, code: ErrorCode.Forbidden, detail: 'This needs the manager role; you are viewer.', reason: 'role-too-low' });
    // A manager of one site only has no tenant-wide role.
    const siteManager = await upload(await bearer('tnt_demo', [{ siteId: 'site_a', role: 'manager' }]), { kind: 'items' }, file);
    expect(siteManager.statusCode).toBe(403);
    expect(await uploads()).toEqual([]);
    expect(await db().selectFrom('imports').select('id').execute()).toEqual([]);
  });

  it('answers 202 at once for a manager, and the queued job imports the good rows and lists the bad ones', async () => {
    const manager = await bearer('tnt_demo', [{ siteId: null, role: 'manager' }]);
    // Larger than the 5 MB body limit of every other route: the file streams to disk.
    const notes = 'n'.repeat(3_000);
    const rows = Array.from({ length: 2_000 }, (_, i) => `UP-${i + 1},Uploaded ${i + 1},raw,ea,${i === 7 ? 'free' : '1.50'},${notes}`);
    const res = await upload(manager, { kind: 'items', mode: 'good_rows' }, { name: 'big items.csv', content: ['sku,name,type,unit,cost,notes', ...rows].join('\n') });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ importId: string; status: string; bytes: number }>();
    expect(body).toMatchObject({ status: 'queued', kind: 'items', mode: 'good_rows', fileName: 'big items.csv' });
    expect(body.bytes).toBeGreaterThan(config.bodyLimitBytes);
    const done = await finished(manager, body.importId);
    expect(done).toMatchObject({ status: 'done', totalRows: 2_000, goodRows: 1_999, badRows: 1, imported: 1_999, fileName: 'big items.csv' });
    expect(done.errors).toEqual({ total: 1, offset: 0, rows: [{ row: 9, column: 'cost', reason: "must be an amount like 12.50, got 'free'", message: "row 9, cost: must be an amount like 12.50, got 'free'" }] });
    // The finished job removed its upload.
    expect(await uploads()).toEqual([]);
    const listed = await query<ImportDetails[]>(app, 'imports.list', {}, { ...VERSION_HEADERS, authorization: manager });
    expect(listed.data.map((i) => i.importId)).toContain(body.importId);
    // Another tenant's manager neither finds it nor lists it.
    const stranger = await bearer('tnt_other', [{ siteId: null, role: 'manager' }]);
    expect((await query(app, 'imports.get', { importId: body.importId }, { ...VERSION_HEADERS, authorization: stranger })).status).toBe(404);
    expect((await query<ImportDetails[]>(app, 'imports.list', {}, { ...VERSION_HEADERS, authorization: stranger })).data).toEqual([]);
  });

  it('refuses a request that is not multipart, an unknown kind or mode, a missing, empty or binary file with 400 naming the problem', async () => {
    const manager = await bearer('tnt_demo', [{ siteId: null, role: 'admin' }]);
    const csv = { name: 'items.csv', content: 'sku,name,type,unit,cost\n' };
    const cases: [string, Promise<{ statusCode: number; json(): unknown }>, string][] = [
      ['json', app.inject({ method: 'POST', url: '/api/import/upload', headers: { authorization: manager, 'content-type': 'application/json' }, payload: '{"kind":"items"}' }),
        'Send the file as multipart/form-data with the fields kind, mode and file (this request is application/json).'],
      ['raw csv', app.inject({ method: 'POST', url: '/api/import/upload', headers: { authorization: manager, 'content-type': 'text/csv' }, payload: 'sku\n' }),
        'Send the file as multipart/form-data with the fields kind, mode and file (this request is text/csv).'],
      ['kind', upload(manager, { kind: 'customers' }, csv), "kind must be one of items, stock_counts, opening_balances, boms (got 'customers')."],
      ['no kind', upload(manager, {}, csv), 'kind must be one of items, stock_counts, opening_balances, boms (got nothing).'],
      ['mode', upload(manager, { kind: 'items', mode: 'some' }, csv), "mode must be one of good_rows, all_or_nothing (got 'some')."],
      ['no file', upload(manager, { kind: 'items' }), 'Add the CSV or XLSX file in the multipart field "file".'],
      ['empty', upload(manager, { kind: 'items' }, { name: 'empty.csv', content: '' }), 'The file empty.csv is empty.'],
      ['binary', upload(manager, { kind: 'items' }, { name: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), type: 'image/png' }),
        'logo.png: This is neither a CSV nor an XLSX file.'],
    ];
    for (const [label, response, detail] of cases) {
      const res = await response;
      expect({ label, status: res.statusCode, body: res.json() }).toMatchObject({ label, status: 400, body: { code: ErrorCode.BadRequest, detail } });
    }
    expect(await uploads()).toEqual([]);
  });
});
