import type { Vendor } from '../db/schema';

/**
 * What went wrong talking to a vendor, in the terms the job runner and the admin screens need:
 * - `auth`: credentials refused (wrong key, revoked app) — a person must fix it;
 * - `needs_reauth`: the OAuth grant is dead (Xero `invalid_grant`) — a person must reconnect;
 * - `rate_limited`: the vendor said slow down; `retryAfterMs` when it said how long;
 * - `quota_spent`: a hard quota (Unleashed's monthly calls) — nothing works until `retryAfterMs`;
 * - `unavailable`: 5xx, timeouts, connection errors — worth retrying;
 * - `bad_payload`: an answer or delivery we cannot read — retrying cannot help; dead-lettered.
 */
export type IntegrationFailure = 'auth' | 'needs_reauth' | 'rate_limited' | 'quota_spent' | 'unavailable' | 'bad_payload';

const PERMANENT: ReadonlySet<IntegrationFailure> = new Set(['auth', 'needs_reauth', 'bad_payload']);

export class IntegrationError extends Error {
  override readonly name = 'IntegrationError';

  constructor(
    readonly vendor: Vendor,
    readonly failure: IntegrationFailure,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  /** Retrying the same job cannot succeed: the runner dead-letters it at once. */
  get permanent(): boolean {
    return PERMANENT.has(this.failure);
  }
}
