import { ErrorCode, PROTOCOL_VERSION, SCHEMA_VERSION } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { deviceHeaders, enrollTestDevice } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';

const config = loadServerConfig({});

interface TrpcResponse {
  status: number;
  requestId: string;
  body: { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } };
}

async function query(app: FastifyInstance, path: string, input?: unknown, headers: Record<string, string> = {}): Promise<TrpcResponse> {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await app.inject({ url: `/trpc/${path}${qs}`, headers });
  return { status: res.statusCode, requestId: String(res.headers['x-request-id']), body: res.json() };
}

/** A mutation with its body as sent, so a test can send one that is not JSON. */
async function mutate(app: FastifyInstance, path: string, payload: string, headers: Record<string, string> = {}): Promise<TrpcResponse> {
  const res = await app.inject({ method: 'POST', url: `/trpc/${path}`, headers: { ...headers, 'content-type': 'application/json' }, payload });
  return { status: res.statusCode, requestId: String(res.headers['x-request-id']), body: res.json() };
}

function data<T>(res: TrpcResponse): T {
  if (!res.body.result) throw new Error(`expected a result, got ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

describe.each(['postgres', 'pglite'] as const)('tRPC API on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'trpc');
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('describes itself', async () => {
    const res = await query(app, 'system.info');
    expect(data(res)).toEqual({
      name: 'capliquify', version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      protocol: { min: 1, max: 1 }, schema: { min: 1, max: 1 }, database: kind,
    });
  });

  it('answers a procedure it does not have NOT_FOUND with the request id', async () => {
    const res = await query(app, 'catalog.sites');
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toMatch(/catalog\.sites/);
    expect(res.body.error?.data).toMatchObject({ code: ErrorCode.NotFound, requestId: res.requestId });
  });

  it('carries a service’s refusal with its status, its message for the person and its code', async () => {
    const res = await mutate(app, 'sync.enroll', JSON.stringify({ code: 'ABCD-EFGH-JKLM', name: 'Dock scanner' }));
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe('This enrollment code is not valid; ask an administrator for a new one.');
    expect(res.body.error?.data).toMatchObject({ code: ErrorCode.Unauthorized, requestId: res.requestId });
  });

  it('answers invalid input with VALIDATION_FAILED and the offending path', async () => {
    const res = await mutate(app, 'sync.enroll', JSON.stringify({ code: 'abc', name: 'Dock scanner' }));
    expect(res.status).toBe(400);
    expect(res.body.error?.data).toMatchObject({
      code: ErrorCode.ValidationFailed,
      requestId: res.requestId,
      errors: [{ path: 'code', message: expect.any(String) }],
    });
  });

  it('refuses a body that is not JSON as a bad request', async () => {
    const res = await mutate(app, 'sync.enroll', '{"code": "ABCD-');
    expect(res.status).toBe(400);
    expect(res.body.error?.data).toMatchObject({ code: ErrorCode.BadRequest, requestId: res.requestId });
  });

  describe('with the fixture and an enrolled device', () => {
    let credential: string;
    beforeAll(async () => {
      await insertFixture(testDb.handle.db);
      credential = (await enrollTestDevice(app, testDb.handle.db)).credential;
    });

    it('names the offending path inside a push', async () => {
      const body = { commands: [{ mutationId: 0, name: 'inventory.recordMovement', args: {}, createdAt: new Date().toISOString() }] };
      const res = await mutate(app, 'sync.push', JSON.stringify(body), deviceHeaders(credential));
      expect(res.status).toBe(400);
      expect(res.body.error?.data).toMatchObject({
        code: ErrorCode.ValidationFailed,
        requestId: res.requestId,
        errors: expect.arrayContaining([{ path: 'commands.0.mutationId', message: expect.any(String) }]),
      });
    });
  });

  it('accepts the current versions and answers UPDATE_REQUIRED outside the range', async () => {
    const current = { 'x-capliquify-protocol': String(PROTOCOL_VERSION), 'x-capliquify-schema': String(SCHEMA_VERSION) };
    expect((await query(app, 'system.info', undefined, current)).status).toBe(200);
    const outside: Record<string, string>[] = [{ 'x-capliquify-protocol': '99' }, { 'x-capliquify-schema': '0' }, { 'x-capliquify-protocol': 'v2' }];
    for (const headers of outside) {
      const res = await query(app, 'system.info', undefined, headers);
      expect(res.status).toBe(412);
      expect(res.body.error?.message).toMatch(/Update required/);
      expect(res.body.error?.data).toMatchObject({
        code: ErrorCode.UpdateRequired, requestId: res.requestId,
        details: { supported: { protocol: { min: 1, max: 1 }, schema: { min: 1, max: 1 } } },
      });
    }
  });

  it('hides the internals of a failing procedure', async () => {
    const broken = await openTestDatabase(kind, 'trpc-broken');
    const brokenApp = await buildApp(config, { database: broken.handle, logger: silentLogger() });
    try {
      await broken.breakIt();
      const res = await mutate(brokenApp, 'sync.enroll', JSON.stringify({ code: 'ABCD-EFGH-JKLM', name: 'Dock scanner' }));
      expect(res.status).toBe(500);
      expect(res.body.error?.message).toBe('Internal error');
      expect(res.body.error?.data).toEqual({ httpStatus: 500, path: 'sync.enroll', code: ErrorCode.Internal, requestId: res.requestId });
      expect(JSON.stringify(res.body)).not.toMatch(/stack|database|pool|closed/i);
    } finally {
      await brokenApp.close();
      await broken.cleanup();
    }
  });
});
