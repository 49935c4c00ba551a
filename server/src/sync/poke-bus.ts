import type { JobEvent } from '@capliquify/shared';

/** A tenant's scopes changed; devices holding any of them should pull. */
export interface ScopeChange {
  tenantId: string;
  scopes: string[];
  /** Devices just revoked: every instance forgets their cached credential and ends their streams. */
  revokedDeviceIds?: string[];
  /** A background job of the tenant reports progress: sent to its devices as `event: job` (scopes may be empty). */
  job?: Omit<JobEvent, 'tenantId'>;
}

/**
 * Carries scope changes to every API instance's SSE streams. In-process for one instance (the
 * embedded default); Redis pub/sub when REDIS_URL is set, so instances behind a load balancer
 * poke each other's devices.
 */
export interface PokeBus {
  readonly kind: 'in-process' | 'redis';
  /** Resolves once the change is handed over; a lost poke is covered by the devices' polling. */
  publish(change: ScopeChange): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (change: ScopeChange) => void): () => void;
  close(): Promise<void>;
}
