// The shared counter on the real Redis: exact under concurrency from two clients (one atomic round
// trip per hit), windows that expire, and the per-instance fallback while Redis is unreachable.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/env';
import { captureLogger } from '../../test/logs';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';
import { RedisWindowCounter } from './redis-window-counter';
import { createWindowCounter } from './window-counter';

describe('RedisWindowCounter', () => {
  let clients: Redis[];

  beforeAll(async () => {
    clients = [createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL)];
    for (const client of clients) expect(await connectRedis(client)).toBe(true);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => closeRedis(client)));
  });

  it('gives every one of 200 concurrent hits from two clients its own count', async () => {
    const key = `test:${randomBytes(6).toString('hex')}`;
    const counters = clients.map((client) => new RedisWindowCounter(client));
    const hits = await Promise.all(Array.from({ length: 200 }, (_, i) => counters[i % 2]!.hit(key, 1, 60_000)));
    expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(hits.every((hit) => hit.resetInMs > 0 && hit.resetInMs <= 60_000)).toBe(true);
    // The window is the first hit's: the key expires with it.
    const ttl = await clients[0]!.pttl(`capliquify:rate:${key}`);
    expect(ttl > 0 && ttl <= 60_000).toBe(true);
  });

  it('adds the cost of a hit and starts a new window once the key has expired', async () => {
    const key = `test:${randomBytes(6).toString('hex')}`;
    const counter = new RedisWindowCounter(clients[0]!);
    expect((await counter.hit(key, 50, 60_000)).count).toBe(50);
    expect((await counter.hit(key, 1, 60_000)).count).toBe(51);
    // Ending the window the way Redis does, without waiting for it.
    await clients[1]!.del(`capliquify:rate:${key}`);
    expect(await counter.hit(key, 1, 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });
});

describe('createWindowCounter', () => {
  it('counts per instance while Redis is unreachable, and says so once', async () => {
    const unreachable = createRedis('redis://127.0.0.1:1');
    expect(await connectRedis(unreachable)).toBe(false);
    const logs = captureLogger();
    const counter = createWindowCounter(unreachable, logs.logger);
    for (let i = 1; i <= 3; i += 1) expect((await counter.hit('ip:10.0.0.1', 1, 60_000)).count).toBe(i);
    const warnings = logs.lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual(['Redis unreachable: rate limits are counted per instance until it returns']);
    await closeRedis(unreachable);
  });
});
