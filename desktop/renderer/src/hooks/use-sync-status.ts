import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../core/sync/sync-status';
import { useLocalClient } from '../rpc/local-client-context';

export interface SyncStatusState {
  status: SyncStatus | null;
  /** Set when the local router itself cannot be reached (the host stopped). */
  unreachable: boolean;
  refreshing: boolean;
  syncNow(): Promise<void>;
}

/** Polls the core's sync status: quickly while a sync runs, slowly otherwise. */
export function useSyncStatus(): SyncStatusState {
  const client = useLocalClient();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      let next: SyncStatus | null = null;
      try {
        next = await client.status.get.query();
        if (!cancelled) {
          setStatus(next);
          setUnreachable(false);
        }
      } catch {
        if (!cancelled) setUnreachable(true);
      }
      if (!cancelled) timer = setTimeout(() => void poll(), next?.connection === 'syncing' ? 500 : 3000);
    };
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client]);

  const syncNow = useCallback(async () => {
    setRefreshing(true);
    setStatus((current) => (current ? { ...current, connection: 'syncing' } : current));
    try {
      setStatus(await client.sync.refresh.mutate());
    } catch {
      setUnreachable(true);
    } finally {
      setRefreshing(false);
    }
  }, [client]);

  return { status, unreachable, refreshing, syncNow };
}
