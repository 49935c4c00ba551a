import { ErrorCode } from '@capliquify/shared';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app.error';
import { MemoryWindowCounter } from './memory-window-counter';
import { RateLimiter, rateLimited, retryAfterOf } from './rate-limiter';
import { enforceTenantRateLimit, TenantRateLimiter } from './tenant-rate-limiter';
import { retryAfterResponseMeta } from './trpc-retry-after';

describe('RateLimiter', () => {
  it('allows exactly `limit` units a window, then asks to wait until it ends', async () => {
    let now = 0;
    const limiter = new RateLimiter(new MemoryWindowCounter(() => now), 'ip', 3);
    expect(await limiter.consume('a')).toEqual({ allowed: true, retryAfterSeconds: 0 });
    now = 10_400;
    expect(await limiter.consume('a', 2)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(await limiter.consume('b')).toEqual({ allowed: true, retryAfterSeconds: 0 });
    now = 59_999;
    expect(await limiter.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 60_000;
    expect((await limiter.consume('a')).allowed).toBe(true);
  });

  it('refuses a batch costing more than what is left, and one costing more than the whole budget', async () => {
    const limiter = new RateLimiter(new MemoryWindowCounter(() => 0), 'auth', 20);
    expect((await limiter.consume('x', 19)).allowed).toBe(true);
    expect((await limiter.consume('x', 2)).allowed).toBe(false);
    expect((await limiter.consume('y', 50)).allowed).toBe(false);
  });

  it('keeps namespaces apart on one counter', async () => {
    const counter = new MemoryWindowCounter(() => 0);
    await new RateLimiter(counter, 'auth', 1).consume('k', 1);
    expect((await new RateLimiter(counter, 'ip', 1).consume('k')).allowed).toBe(true);
  });
});

describe('enforceTenantRateLimit', () => {
  it('throws RATE_LIMITED carrying the wait once the tenant has spent its budget', async () => {
    const limiter = new TenantRateLimiter(new MemoryWindowCounter(() => 0), 2);
    await enforceTenantRateLimit(limiter, 'tnt_a');
    await enforceTenantRateLimit(limiter, 'tnt_a');
    const refused = await enforceTenantRateLimit(limiter, 'tnt_a').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: ErrorCode.RateLimited, details: { retryAfterSeconds: 60 } });
    await expect(enforceTenantRateLimit(limiter, 'tnt_b')).resolves.toBeUndefined();
  });
});

describe('Retry-After for tRPC', () => {
  it('reads the wait of RATE_LIMITED errors only', () => {
    expect(retryAfterOf(rateLimited(7, 'Slow down.'))).toBe(7);
    expect(retryAfterOf(new AppError(ErrorCode.AccountLocked, 'locked', { retryAfterSeconds: 9 }))).toBeNull();
    expect(retryAfterOf(new Error('boom'))).toBeNull();
  });

  it('sets the longest wait of a batch as the header, and nothing when no call was limited', () => {
    const limited = (seconds: number) => new TRPCError({ code: 'TOO_MANY_REQUESTS', cause: rateLimited(seconds, 'Slow down.') });
    const other = new TRPCError({ code: 'UNAUTHORIZED', message: 'no' });
    expect(retryAfterResponseMeta({ errors: [other, limited(12), limited(40)] })).toEqual({ headers: { 'retry-after': '40' } });
    expect(retryAfterResponseMeta({ errors: [other] })).toEqual({});
  });
});
