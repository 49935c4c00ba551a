import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { SyncEngineStatus } from '../../../core/sync-engine/sync-engine-status';
import { useLocalClient } from '../rpc/local-client-context';

export interface SyncEngineState {
  status: SyncEngineStatus | null;
  /** Set when the local router itself cannot be reached (the core or host stopped). */
  unreachable: boolean;
  syncing: boolean;
  syncNow(): Promise<void>;
  /** Re-reads the status at once (after a local write or an enrolment). */
  refresh(): Promise<void>;
}

/** Polls the sync engine's status: quickly while a sync runs, more slowly otherwise. */
export function useSyncEngine(): SyncEngineState {
  const client = useLocalClient();
  const [status, setStatus] = useState<SyncEngineStatus | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  const [syncing, setSyncing] = useState(false);

  const read = useCallback(async (): Promise<SyncEngineStatus | null> => {
    try {
      const next = await client.sync.status.query();
      setStatus(next);
      setUnreachable(false);
      return next;
    } catch {
      setUnreachable(true);
      return null;
    }
  }, [client]);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const next = await read();
      if (!cancelled) timer = setTimeout(() => void poll(), next?.connection === 'syncing' ? 500 : 1500);
    };
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [read]);

  const syncNow = useCallback(async () => {
    setSyncing(true);
    try {
      setStatus(await client.sync.now.mutate());
      setUnreachable(false);
    } catch {
      setUnreachable(true);
    } finally {
      setSyncing(false);
    }
  }, [client]);

  const refresh = useCallback(async () => {
    await read();
  }, [read]);

  return { status, unreachable, syncing, syncNow, refresh };
}

export const SyncEngineContext = createContext<SyncEngineState | null>(null);

export function useSyncEngineState(): SyncEngineState | null {
  return useContext(SyncEngineContext);
}
