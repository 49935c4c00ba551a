import type { ReplicaCounts } from '../replica/catalog.repo';

export type ConnectionState = 'online' | 'offline' | 'syncing';

/** What the header and the Sync panel show; plain data, so it crosses tRPC and IPC unchanged. */
export interface SyncEngineStatus {
  connection: ConnectionState;
  /** ISO time of the last complete push and pull, null before the first. */
  lastSyncAt: string | null;
  /** A sentence a person can act on, null after a successful sync. */
  lastError: string | null;
  /** Rows in the replica's catalog tables. */
  counts: ReplicaCounts;
  /** ISO time of the next automatic attempt (retry after a failure, or the idle poll). */
  nextRetryAt: string | null;
  /** False until the station holds a device credential (enrolled with a one-time code). */
  enrolled: boolean;
  /** Commands in the outbox: queued locally, not yet confirmed by a pull. */
  pendingCount: number;
  /** Every command up to this id has left the outbox (applied or rejected by the server). */
  confirmedMutationId: number;
  unseenRejections: number;
  /** The server needs a newer app: syncing stopped, the outbox is kept. */
  updateRequired: boolean;
  /** The update must come to this app (not to the server): the updater checks for it at once. */
  appUpdateRequired: boolean;
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
