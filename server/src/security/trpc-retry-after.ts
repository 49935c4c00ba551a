import type { TRPCError } from '@trpc/server';
import type { ResponseMeta } from '@trpc/server/http';
import { retryAfterOf } from './rate-limiter';

/**
 * tRPC's `responseMeta`: a call refused with RATE_LIMITED inside a procedure (a tenant over its
 * budget) answers with `Retry-After`, as the HTTP limiters do; for a batch, the longest wait.
 */
export function retryAfterResponseMeta({ errors }: { errors: readonly TRPCError[] }): ResponseMeta {
  const waits = errors.map((error) => retryAfterOf(error.cause)).filter((seconds) => seconds !== null);
  return waits.length > 0 ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
}
