import { ErrorCode } from '@capliquify/shared';
import { AppError } from '../errors/app.error';
import type { WindowCounter } from './window-counter';

export const RATE_WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the window ends (at least 1) when refused; 0 when allowed. */
  retryAfterSeconds: number;
}

/** A budget of `limit` units per minute for each key of one kind (`namespace`: ip, tenant, auth). */
export class RateLimiter {
  constructor(
    private readonly counter: WindowCounter,
    private readonly namespace: string,
    readonly limit: number,
  ) {}

  async consume(key: string, cost = 1): Promise<RateDecision> {
    const { count, resetInMs } = await this.counter.hit(`${this.namespace}:${key}`, cost, RATE_WINDOW_MS);
    if (count <= this.limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)) };
  }
}

/**
 * The RATE_LIMITED error every limiter throws. `retryAfterSeconds` travels in its details: the
 * problem document and tRPC error data carry it, and the `Retry-After` header is set from it.
 */
export function rateLimited(retryAfterSeconds: number, detail: string): AppError {
  return new AppError(ErrorCode.RateLimited, `${detail} Retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/** The seconds a RATE_LIMITED error asks the caller to wait, or null for any other error. */
export function retryAfterOf(error: unknown): number | null {
  if (!(error instanceof AppError) || error.code !== ErrorCode.RateLimited) return null;
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : null;
}
