import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, type SessionView } from '../rpc/local-types';
import { useLocalClient } from '../rpc/local-client-context';

export interface CountSessionState {
  view: SessionView | null;
  error: string | null;
  /** Reads the session again (after a local action). */
  reload(): void;
}

/**
 * One count session from the replica with its variance; read again when `revision` changes (a
 * sync landed, the outbox moved) or on reload(). Reads never overlap: one waits for the other.
 */
export function useCountSession(sessionId: string, revision: string | null): CountSessionState {
  const client = useLocalClient();
  const [view, setView] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const inFlight = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let cancelled = false;
    const read = inFlight.current.then(() => cancelled ? undefined : client.counting.session.query({ sessionId }).then(
      (next) => {
        if (cancelled) return;
        setView(next);
        setError(null);
      },
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    ));
    inFlight.current = read.catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [client, sessionId, revision, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { view: view?.session.id === sessionId ? view : null, error, reload };
}
