// The per-IP limit, in memory and in Redis: the exact request that is refused, what it answers,
// what is never limited, and a budget shared by two API instances. Real PostgreSQL and Redis.
import type { AddressInfo } from 'node:net';
import { ErrorCode, PROBLEM_CONTENT_TYPE, problemType } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { openEvents } from '../../test/events';
import { silentLogger } from '../../test/logs';
import { expectAllowed, expectRateLimitedProblem, limitsConfig, pullAs, randomIp, tenantWithDevice, trpcQuery } from '../../test/rate-limits';
import { deviceHeaders } from '../../test/sync';
import { buildApp } from '../app';
import { connectRedis, createRedis } from '../redis/create-redis';

const LIMIT = 5;

async function connectedRedis(): Promise<Redis> {
  const redis = createRedis(TEST_REDIS_URL);
  if (!(await connectRedis(redis))) throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}`);
  return redis;
}

describe('the per-IP limit', () => {
  let testDb: TestDatabase;
  const apps: FastifyInstance[] = [];
  // The app closes what it is given; the database is kept for the next app.
  const appWith = async (redis: Redis | null, limit = LIMIT) => {
    const app = await buildApp(limitsConfig({ rateLimitPerMinute: limit }), { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'rate-limit-ip');
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(() => testDb.cleanup());

  describe.each(['memory', 'redis'] as const)('counted in %s', (store) => {
    const open = async () => appWith(store === 'redis' ? await connectedRedis() : null);

    it(`lets requests 1–${LIMIT} of a plain route through and answers request ${LIMIT + 1} with 429 problem+json and Retry-After`, async () => {
      const api = await open();
      const { credential } = await tenantWithDevice(testDb.handle.db);
      const ip = randomIp();
      await expectAllowed(LIMIT - 1, () => pullAs(api, ip, credential));
      const last = await pullAs(api, ip, credential);
      expect([last.statusCode, last.headers['x-ratelimit-remaining']]).toEqual([200, '0']);
      expectRateLimitedProblem(await pullAs(api, ip, credential));
      // Refused requests do not reopen the door, and other addresses are untouched.
      expectRateLimitedProblem(await pullAs(api, ip, null));
      await expectAllowed(LIMIT, () => pullAs(api, randomIp(), credential));
    });

    it(`does the same for tRPC calls, a batch counting as one request`, async () => {
      const api = await open();
      const ip = randomIp();
      await expectAllowed(LIMIT - 1, () => trpcQuery(api, ip));
      expect((await trpcQuery(api, ip, 'system.info,system.info?batch=1')).statusCode).toBe(200);
      const refused = await trpcQuery(api, ip);
      expectRateLimitedProblem(refused);
      expect(refused.json()).toMatchObject({ instance: '/trpc/system.info', title: 'Too many requests', type: problemType(ErrorCode.RateLimited) });
    });

    it('never limits the health probes, and they spend none of the budget', async () => {
      const api = await open();
      const ip = randomIp();
      for (let i = 0; i < 3 * LIMIT; i += 1) {
        expect((await api.inject({ url: '/healthz', remoteAddress: ip })).statusCode).toBe(200);
        expect((await api.inject({ url: '/readyz', remoteAddress: ip })).statusCode).toBe(200);
      }
      await expectAllowed(LIMIT, () => trpcQuery(api, ip));
      expectRateLimitedProblem(await trpcQuery(api, ip));
      expect((await api.inject({ url: '/healthz', remoteAddress: ip })).statusCode).toBe(200);
      expect((await api.inject({ url: '/readyz', remoteAddress: ip })).statusCode).toBe(200);
    });
  });

  it('is one budget for two API instances on the same Redis', async () => {
    const [first, second] = [await appWith(await connectedRedis()), await appWith(await connectedRedis())];
    const ip = randomIp();
    for (let i = 1; i <= LIMIT; i += 1) {
      const res = await trpcQuery(i % 2 === 1 ? first : second, ip);
      expect({ request: i, status: res.statusCode }).toEqual({ request: i, status: 200 });
    }
    expectRateLimitedProblem(await trpcQuery(first, ip));
    expectRateLimitedProblem(await trpcQuery(second, ip));
  });

  it('keeps limiting, per instance, while the configured Redis is unreachable', async () => {
    const unreachable = createRedis('redis://127.0.0.1:1');
    expect(await connectRedis(unreachable)).toBe(false);
    const api = await appWith(unreachable);
    const ip = randomIp();
    await expectAllowed(LIMIT, () => trpcQuery(api, ip));
    expectRateLimitedProblem(await trpcQuery(api, ip));
    expect((await api.inject({ url: '/readyz', remoteAddress: ip })).statusCode).toBe(503);
  });

  it('counts an event stream once, at its connect, and never cuts it', async () => {
    const api = await appWith(null, 4);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const { tenantId, credential } = await tenantWithDevice(testDb.handle.db);
    const stream = await openEvents(api, credential);
    // The stream's peer is 127.0.0.1 too: its connect was request 1 of 4.
    await expectAllowed(3, () => pullAs(api, '127.0.0.1', credential));
    expectRateLimitedProblem(await pullAs(api, '127.0.0.1', credential));
    await api.pokeBus.publish({ tenantId, scopes: ['catalog'] });
    expect((await stream.nextPoke()).scopes).toEqual(['catalog']);
    const { port } = api.server.address() as AddressInfo;
    const reconnect = await fetch(`http://127.0.0.1:${port}/events`, { headers: deviceHeaders(credential) });
    expect([reconnect.status, reconnect.headers.get('content-type'), reconnect.headers.get('retry-after')])
      .toEqual([429, expect.stringContaining(PROBLEM_CONTENT_TYPE), expect.stringMatching(/^\d+$/)]);
    expect(await reconnect.json()).toMatchObject({ code: ErrorCode.RateLimited });
    await stream.close();
  });
});
