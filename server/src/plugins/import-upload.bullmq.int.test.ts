import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { insertPerson, insertSignIn } from '../../test/people';
import { query, VERSION_HEADERS } from '../../test/sync';
import { buildApp } from '../app';
import { createAccessTokens, secretBytes } from '../auth/access-token';
import type { ImportDetails } from '../domains/import/imports.service';
import { createBullmqRunner } from '../jobs/bullmq.runner';

const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('an uploaded XLSX imported by the job through BullMQ on Redis', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let runner: ReturnType<typeof createBullmqRunner> | undefined;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'import-bullmq');
    await insertFixture(db());
    const queueName = `test-import-${randomBytes(4).toString('hex')}`;
    app = await buildApp({ ...config, dataDir: testDb.config.dataDir }, {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
      jobs: { runner: (deps) => (runner = createBullmqRunner(deps, { redisUrl: TEST_REDIS_URL, queueName })) },
    });
  });
  afterAll(async () => {
    await runner?.queue.obliterate({ force: true });
    await app?.close();
    await testDb?.cleanup();
  });

  it('answers 202, and a BullMQ worker posts the counted quantities to the ledger', async () => {
    const person = await insertPerson(db(), { tenantId: 'tnt_demo', grants: [{ siteId: null, role: 'manager' }] });
    const signInId = await insertSignIn(db(), person, null, { mfa: false });
    const authorization = `Bearer ${(await tokens.issue({ userId: person.userId, tenantId: 'tnt_demo', signInId, mfa: false }, new Date())).token}`;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Count');
    sheet.addRows([['Site', 'Location', 'SKU', 'Counted'], ['PLANT-A', 'A-01', 'FRAME-1', 5], ['PLANT-A', 'A-02', 'BOLT-M8', 'many']]);
    const form = new FormData();
    form.append('kind', 'stock_counts');
    form.append('file', new Blob([Buffer.from(await workbook.xlsx.writeBuffer())], { type: XLSX_TYPE }), 'count.xlsx');
    const encoded = new Response(form);
    const res = await app.inject({
      method: 'POST', url: '/api/import/upload', payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { authorization, 'content-type': encoded.headers.get('content-type')! },
    });
    expect(res.statusCode).toBe(202);
    const { importId } = res.json<{ importId: string }>();
    let details: ImportDetails & { errors: { rows: { message: string }[] } } | undefined;
    for (let i = 0; i < 400 && details?.status !== 'done' && details?.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      details = (await query<typeof details>(app, 'imports.get', { importId }, { ...VERSION_HEADERS, authorization })).data;
    }
    expect(details).toMatchObject({ status: 'done', goodRows: 1, badRows: 1, errors: { rows: [{ message: "row 3, quantity: must be a number, got 'many'" }] } });
    const frame = await db().selectFrom('stock_movements').select((eb) => eb.fn.sum<string>('quantity').as('q'))
      .where('tenant_id', '=', 'tnt_demo').where('location_id', '=', 'loc_a1').where('item_id', '=', 'itm_frame').executeTakeFirstOrThrow();
    expect(Number(frame.q)).toBe(5);
    const job = (await runner!.queue.getJobs(['completed'])).find((j) => j.name === 'import');
    expect(job?.data).toMatchObject({ tenantId: 'tnt_demo', importId });
  });
});
