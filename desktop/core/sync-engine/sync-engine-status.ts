import type { SyncStatus } from '../sync/sync-status';

/** The header's status plus what the Sync panel shows; plain data, so it crosses tRPC unchanged. */
export interface SyncEngineStatus extends SyncStatus {
  engine: 'sync';
  /** False until the station holds a device credential (enrolled with a one-time code). */
  enrolled: boolean;
  /** Commands in the outbox: queued locally, not yet confirmed by a pull. */
  pendingCount: number;
  /** Every command up to this id has left the outbox (applied or rejected by the server). */
  confirmedMutationId: number;
  unseenRejections: number;
  /** The server needs a newer app: syncing stopped, the outbox is kept. */
  updateRequired: boolean;
  /** An administrator revoked this station: syncing stopped, the outbox can be exported. */
  revoked: boolean;
  /** The live event stream is connected (pokes arrive without polling). */
  live: boolean;
}

export interface Backoff { initialMs: number; maxMs: number }

/**
 * Exponential backoff with jitter: the ceiling doubles per failure up to `maxMs`, and the delay
 * is drawn from its upper half so a fleet of stations does not retry in step.
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface StatusCell<S> {
  get(): S;
  update(patch: Partial<S>): void;
  subscribe(listener: (status: S) => void): () => void;
}

export function createStatusCell<S>(initial: S): StatusCell<S> {
  let current = initial;
  const listeners = new Set<(status: S) => void>();
  return {
    get: () => current,
    update(patch) {
      current = { ...current, ...patch };
      for (const listener of listeners) listener(current);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
