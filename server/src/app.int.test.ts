import { ErrorCode, PROBLEM_CONTENT_TYPE, problemType } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/databases';
import { TEST_REDIS_URL } from '../test/env';
import { captureLogger, silentLogger } from '../test/logs';
import { buildApp } from './app';
import { loadServerConfig } from './config';
import { connectRedis, createRedis } from './redis/create-redis';

const config = { ...loadServerConfig({}), bodyLimitBytes: 64 * 1024 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(['postgres', 'pglite'] as const)('HTTP infrastructure on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const logs = captureLogger();

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'app');
    app = await buildApp(config, { database: testDb.handle, logger: logs.logger });
    app.get('/test/boom', { config: { access: 'public' } }, async () => {
      throw new Error('secret: password=hunter2 at /srv/internal.ts:42');
    });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('answers /healthz and /readyz with Redis not configured', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'not-configured' } });
  });

  it('answers an unknown route with a 404 problem carrying the request id', async () => {
    const res = await app.inject('/nope?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(UUID);
    expect(res.json()).toEqual({
      type: problemType(ErrorCode.NotFound),
      title: 'Not found',
      status: 404,
      detail: 'No route for GET /nope',
      instance: '/nope',
      code: ErrorCode.NotFound,
      requestId,
    });
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'desk-42.abc' } });
    expect(kept.headers['x-request-id']).toBe('desk-42.abc');
    const replaced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'evil\u0007id with spaces' } });
    expect(replaced.headers['x-request-id']).toMatch(UUID);
  });

  it('hides a 5xx behind "Internal error" and logs it under the request id', async () => {
    const res = await app.inject({ url: '/test/boom', headers: { 'x-request-id': 'boom-1' } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toEqual({
      type: problemType(ErrorCode.Internal), title: 'Internal error', status: 500, detail: 'Internal error',
      instance: '/test/boom', code: ErrorCode.Internal, requestId: 'boom-1',
    });
    expect(res.body).not.toContain('hunter2');
    const logged = logs.lines().filter((line) => line.reqId === 'boom-1');
    expect(logged.some((line) => JSON.stringify(line.err ?? null).includes('hunter2'))).toBe(true);
    // Every line of that request carries its id, from arrival to completion.
    expect(logged.map((line) => line.msg)).toEqual(expect.arrayContaining(['incoming request', 'request failed', 'request completed']));
  });

  it('refuses a body over the limit with a 413 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/trpc/system.info', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(100_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({ code: ErrorCode.PayloadTooLarge, status: 413, requestId: res.headers['x-request-id'] });
  });

  it('sets the helmet security headers', async () => {
    const res = await app.inject('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe.each(['postgres', 'pglite'] as const)('readiness on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance | undefined;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'ready');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => testDb.cleanup());

  it('is ready with a reachable Redis', async () => {
    const redis = createRedis(TEST_REDIS_URL);
    expect(await connectRedis(redis)).toBe(true);
    // The app takes ownership of both and closes them; keep the database for the next test.
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    const res = await app.inject('/readyz');
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    await app.close();
    app = undefined;
    expect(redis.status).toBe('end');
  });

  it('is not ready when the configured Redis is unreachable', async () => {
    const redis = createRedis('redis://127.0.0.1:1');
    expect(await connectRedis(redis)).toBe(false);
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({
      code: ErrorCode.ServiceUnavailable, status: 503, detail: 'not ready: redis unreachable',
      checks: { database: 'ok', redis: 'unreachable' }, requestId: res.headers['x-request-id'],
    });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });

  it('is not ready when the database goes away', async () => {
    app = await buildApp(config, { database: testDb.handle, logger: silentLogger() });
    await testDb.breakIt();
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: ErrorCode.ServiceUnavailable, checks: { database: 'unreachable', redis: 'not-configured' } });
  });
});
