import type { ReplicaCounts } from '../replica/snapshot.repo';

export type ConnectionState = 'online' | 'offline' | 'syncing';

export interface SyncProgress {
  phase: 'sites' | 'items' | 'stock' | 'swap';
  items: number;
  stockLevels: number;
}

/** What the header shows: plain data, so it crosses tRPC and IPC unchanged. */
export interface SyncStatus {
  connection: ConnectionState;
  /** ISO time of the last snapshot swapped into the replica, null before the first. */
  lastSyncAt: string | null;
  /** A sentence a person can act on, null after a successful sync. */
  lastError: string | null;
  /** Rows in the live replica (not the one being downloaded). */
  counts: ReplicaCounts;
  /** Set while a snapshot is downloading. */
  progress: SyncProgress | null;
  /** ISO time of the next automatic retry after a failure. */
  nextRetryAt: string | null;
}

export type SyncStatusListener = (status: SyncStatus) => void;

export interface SyncStatusStore {
  get(): SyncStatus;
  update(patch: Partial<SyncStatus>): void;
  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: SyncStatusListener): () => void;
}

export function createSyncStatusStore(initial: SyncStatus): SyncStatusStore {
  let current = initial;
  const listeners = new Set<SyncStatusListener>();
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
