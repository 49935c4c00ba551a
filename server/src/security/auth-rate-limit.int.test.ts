// The sign-in limit per address: every auth.signIn / auth.refresh call counts, a tRPC batch of
// them as many attempts as it holds. In memory and in Redis. Real PostgreSQL and Redis.
import { ErrorCode } from '@capliquify/shared';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { expectAllowed, expectRateLimitedProblem, limitsConfig, randomIp, trpcMutationBatch, trpcQuery } from '../../test/rate-limits';
import { buildApp } from '../app';
import { connectRedis, createRedis } from '../redis/create-redis';

const AUTH_LIMIT = 5;
// Wrong on purpose: the attempts reach the procedures (and fail there) without touching an account.
const GUESS = { email: 'nobody@example.com' };

async function connectedRedis(): Promise<Redis> {
  const redis = createRedis(TEST_REDIS_URL);
  if (!(await connectRedis(redis))) throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}`);
  return redis;
}

/** Got past the limiter: whatever the procedures answered, it was not a rate limit. */
function expectNotLimited(res: LightMyRequestResponse): void {
  expect(res.statusCode).not.toBe(429);
  expect(res.body).not.toContain(ErrorCode.RateLimited);
}

const attempts = (app: FastifyInstance, ip: string, count: number, name = 'auth.signIn') =>
  trpcMutationBatch(app, ip, Array<string>(count).fill(name), GUESS);

describe('the sign-in limit', () => {
  let testDb: TestDatabase;
  const apps: FastifyInstance[] = [];
  const open = async (store: 'memory' | 'redis') => {
    const redis = store === 'redis' ? await connectedRedis() : null;
    const app = await buildApp(limitsConfig({ authRateLimitPerMinute: AUTH_LIMIT }), { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'rate-limit-auth');
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(() => testDb.cleanup());

  describe.each(['memory', 'redis'] as const)('counted in %s', (store) => {
    it(`lets attempts 1–${AUTH_LIMIT} through one by one and refuses attempt ${AUTH_LIMIT + 1}, sign-in and refresh alike`, async () => {
      const api = await open(store);
      const ip = randomIp();
      for (let i = 1; i <= AUTH_LIMIT; i += 1) expectNotLimited(await attempts(api, ip, 1, i % 2 === 0 ? 'auth.refresh' : 'auth.signIn'));
      expectRateLimitedProblem(await attempts(api, ip, 1, 'auth.refresh'));
      expectRateLimitedProblem(await attempts(api, ip, 1));
      // Only credential guesses are held back: the address keeps its general budget.
      await expectAllowed(3, () => trpcQuery(api, ip));
    });

    it('counts a batched brute force call by call', async () => {
      const api = await open(store);
      const ip = randomIp();
      expectNotLimited(await attempts(api, ip, AUTH_LIMIT - 1));
      // One request, two guesses: one over the limit.
      expectRateLimitedProblem(await attempts(api, ip, 2));
      expectRateLimitedProblem(await trpcMutationBatch(api, ip, ['system.info', 'auth.signIn'], GUESS));

      const fresh = randomIp();
      expectRateLimitedProblem(await attempts(api, fresh, 50));
      expectRateLimitedProblem(await attempts(api, fresh, 1));
    });

    it('leaves batches without auth calls to the general limit', async () => {
      const api = await open(store);
      const ip = randomIp();
      for (let i = 0; i < 2 * AUTH_LIMIT; i += 1) expectNotLimited(await trpcMutationBatch(api, ip, ['sync.enroll', 'sync.enroll', 'sync.enroll'], { code: 'XXXXXX', name: 'x' }));
    });
  });

  it('is one budget across two API instances on the same Redis', async () => {
    const [first, second] = [await open('redis'), await open('redis')];
    const ip = randomIp();
    expectNotLimited(await attempts(first, ip, 3));
    expectNotLimited(await attempts(second, ip, 2));
    expectRateLimitedProblem(await attempts(first, ip, 1));
    expectRateLimitedProblem(await attempts(second, ip, 1));
  });
});
