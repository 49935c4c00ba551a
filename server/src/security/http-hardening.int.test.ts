// What every answer of the API carries, refusals included: helmet's security headers on a 200, a
// 404, a 413 and a 429, each refusal as problem+json; and a plain route's body limit (the tRPC
// one is in app.int.test.ts). Real PostgreSQL.
import { ErrorCode, PROBLEM_CONTENT_TYPE, SYNC_PULL_PATH } from '@capliquify/shared';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { silentLogger } from '../../test/logs';
import { limitsConfig, randomIp, trpcQuery } from '../../test/rate-limits';
import { VERSION_HEADERS } from '../../test/sync';
import { buildApp } from '../app';

const BODY_LIMIT = 16 * 1024;

function expectSecurityHeaders(res: LightMyRequestResponse): void {
  expect(res.headers).toMatchObject({
    'content-security-policy': expect.stringContaining("default-src 'self'"),
    'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-dns-prefetch-control': 'off',
  });
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('HTTP hardening', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'http-hardening');
    app = await buildApp({ ...limitsConfig({ rateLimitPerMinute: 2 }), bodyLimitBytes: BODY_LIMIT }, { database: testDb.handle, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('sends the security headers on a plain answer and a tRPC answer', async () => {
    expectSecurityHeaders(await app.inject({ url: '/healthz', remoteAddress: randomIp() }));
    const info = await trpcQuery(app, randomIp());
    expect(info.statusCode).toBe(200);
    expectSecurityHeaders(info);
  });

  it('answers an unknown route with 404 problem+json, headers included', async () => {
    const res = await app.inject({ method: 'POST', url: '/admin/users', remoteAddress: randomIp() });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({ code: ErrorCode.NotFound, status: 404 });
    expectSecurityHeaders(res);
  });

  it('refuses a plain route body over the limit with 413 problem+json before reading the device credential', async () => {
    const res = await app.inject({
      method: 'POST', url: SYNC_PULL_PATH, remoteAddress: randomIp(),
      headers: { ...VERSION_HEADERS, 'content-type': 'application/json' },
      payload: JSON.stringify({ cursors: {}, pad: 'x'.repeat(BODY_LIMIT) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({ code: ErrorCode.PayloadTooLarge, status: 413, requestId: res.headers['x-request-id'] });
    expectSecurityHeaders(res);
  });

  it('sends them on a 429 too', async () => {
    const ip = randomIp();
    await trpcQuery(app, ip);
    await trpcQuery(app, ip);
    const res = await trpcQuery(app, ip);
    expect(res.statusCode).toBe(429);
    expectSecurityHeaders(res);
  });
});
