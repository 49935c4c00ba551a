import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { SyncEngineStatus } from '../../../core/sync-engine/sync-engine-status';
import { useLocalClient } from '../rpc/local-client-context';

export interface SyncEngineState {
  /** False while the core runs the snapshot path (no outbox, no commands). */
  available: boolean;
  status: SyncEngineStatus | null;
  syncing: boolean;
  syncNow(): Promise<void>;
  /** Re-reads the status at once (after a local write). */
  refresh(): Promise<void>;
}

/** Polls the sync engine's status; quickly while commands are pending, slowly when idle. */
export function useSyncEngine(): SyncEngineState {
  const client = useLocalClient();
  const [status, setStatus] = useState<SyncEngineStatus | null>(null);
  const [available, setAvailable] = useState(false);
  const [syncing, setSyncing] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setStatus(await client.sync.status.query());
      setAvailable(true);
    } catch {
      setAvailable(false);
    }
  }, [client]);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      await refresh();
      if (!cancelled) timer = setTimeout(() => void poll(), 1500);
    };
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  const syncNow = useCallback(async () => {
    setSyncing(true);
    try {
      setStatus(await client.sync.now.mutate());
    } finally {
      setSyncing(false);
    }
  }, [client]);

  return { available, status, syncing, syncNow, refresh };
}

export const SyncEngineContext = createContext<SyncEngineState | null>(null);

export function useSyncEngineState(): SyncEngineState | null {
  return useContext(SyncEngineContext);
}
