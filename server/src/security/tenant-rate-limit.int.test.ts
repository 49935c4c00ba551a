// The per-tenant limit: one budget for all of a tenant's devices, whatever their addresses, spent
// by tRPC device calls, the pull route and event-stream connects, only once the tenant is verified.
// In memory and in Redis (shared by two API instances). Real PostgreSQL and Redis.
import type { AddressInfo } from 'node:net';
import { ErrorCode, PROBLEM_CONTENT_TYPE } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { expectRateLimitedProblem, limitsConfig, pullAs, randomIp, tenantWithDevice } from '../../test/rate-limits';
import { deviceHeaders, movementCommand } from '../../test/sync';
import { buildApp } from '../app';
import { connectRedis, createRedis } from '../redis/create-redis';

const TENANT_LIMIT = 4;

async function connectedRedis(): Promise<Redis> {
  const redis = createRedis(TEST_REDIS_URL);
  if (!(await connectRedis(redis))) throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}`);
  return redis;
}

function pushAs(app: FastifyInstance, credential: string, mutationId: number) {
  return app.inject({
    method: 'POST', url: '/trpc/sync.push', remoteAddress: randomIp(),
    headers: { ...deviceHeaders(credential), 'content-type': 'application/json' },
    payload: JSON.stringify({ commands: [movementCommand(mutationId, {})] }),
  });
}

function connectEvents(app: FastifyInstance, credential: string): Promise<Response> {
  const { port } = app.server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/events`, { headers: deviceHeaders(credential) });
}

describe('the per-tenant limit', () => {
  let testDb: TestDatabase;
  const apps: FastifyInstance[] = [];
  const open = async (store: 'memory' | 'redis') => {
    const redis = store === 'redis' ? await connectedRedis() : null;
    const app = await buildApp(limitsConfig({ tenantRateLimitPerMinute: TENANT_LIMIT }), { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  };

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'rate-limit-tenant');
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(() => testDb.cleanup());

  describe.each(['memory', 'redis'] as const)('counted in %s', (store) => {
    it(`lets a tenant make ${TENANT_LIMIT} calls from any addresses and refuses call ${TENANT_LIMIT + 1}, and not another tenant's`, async () => {
      const api = await open(store);
      const plant = await tenantWithDevice(testDb.handle.db);
      const other = await tenantWithDevice(testDb.handle.db);
      expect((await pushAs(api, plant.credential, 1)).statusCode).toBe(200);
      expect((await pullAs(api, randomIp(), plant.credential)).statusCode).toBe(200);
      const stream = await connectEvents(api, plant.credential);
      expect(stream.status).toBe(200);
      await stream.body?.cancel();
      expect((await pushAs(api, plant.credential, 2)).statusCode).toBe(200);

      expectRateLimitedProblem(await pullAs(api, randomIp(), plant.credential));
      const push = await pushAs(api, plant.credential, 3);
      expect(push.statusCode).toBe(429);
      expect(push.headers['retry-after']).toMatch(/^\d+$/);
      expect(push.json()).toMatchObject({ error: { data: { code: ErrorCode.RateLimited, details: { retryAfterSeconds: Number(push.headers['retry-after']) } } } });
      const refusedStream = await connectEvents(api, plant.credential);
      expect([refusedStream.status, refusedStream.headers.get('content-type')]).toEqual([429, expect.stringContaining(PROBLEM_CONTENT_TYPE)]);
      expect(await refusedStream.json()).toMatchObject({ code: ErrorCode.RateLimited });

      expect((await pullAs(api, randomIp(), other.credential)).statusCode).toBe(200);
      expect((await pushAs(api, other.credential, 1)).statusCode).toBe(200);
    });

    it("is never spent by a caller claiming a tenant's device without its credential", async () => {
      const api = await open(store);
      const plant = await tenantWithDevice(testDb.handle.db);
      const forged = `${plant.deviceId}.not-the-secret`;
      for (let i = 0; i < 3 * TENANT_LIMIT; i += 1) {
        expect((await pullAs(api, randomIp(), forged)).statusCode).toBe(401);
        expect((await pushAs(api, forged, 1)).statusCode).toBe(401);
      }
      for (let i = 1; i <= TENANT_LIMIT; i += 1) expect({ call: i, status: (await pullAs(api, randomIp(), plant.credential)).statusCode }).toEqual({ call: i, status: 200 });
      expectRateLimitedProblem(await pullAs(api, randomIp(), plant.credential));
    });
  });

  it('is one budget across two API instances on the same Redis', async () => {
    const [first, second] = [await open('redis'), await open('redis')];
    const plant = await tenantWithDevice(testDb.handle.db);
    for (let i = 1; i <= TENANT_LIMIT; i += 1) {
      const res = await pullAs(i % 2 === 1 ? first : second, randomIp(), plant.credential);
      expect({ call: i, status: res.statusCode }).toEqual({ call: i, status: 200 });
    }
    expectRateLimitedProblem(await pullAs(first, randomIp(), plant.credential));
    expectRateLimitedProblem(await pullAs(second, randomIp(), plant.credential));
  });
});
