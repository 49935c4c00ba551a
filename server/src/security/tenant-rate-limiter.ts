import { RateLimiter, rateLimited, type RateDecision } from './rate-limiter';
import type { WindowCounter } from './window-counter';

/**
 * One budget per tenant, shared by all its devices and people. Only ever keyed by a tenant id the
 * server verified (a device credential, a signed-in principal): a claimed one would let anyone
 * spend another tenant's budget.
 */
export class TenantRateLimiter {
  private readonly limiter: RateLimiter;

  constructor(counter: WindowCounter, limitPerMinute: number) {
    this.limiter = new RateLimiter(counter, 'tenant', limitPerMinute);
  }

  consume(tenantId: string): Promise<RateDecision> {
    return this.limiter.consume(tenantId);
  }
}

/**
 * Spends one request of the verified tenant's budget, or throws RATE_LIMITED (429 with
 * `Retry-After`). Call it right after authenticating: `deviceProcedure`, `userProcedure`, the
 * pull route and the events stream's connect.
 */
export async function enforceTenantRateLimit(limiter: TenantRateLimiter, tenantId: string): Promise<void> {
  const { allowed, retryAfterSeconds } = await limiter.consume(tenantId);
  if (!allowed) throw rateLimited(retryAfterSeconds, "Too many requests for this organisation's budget.");
}
