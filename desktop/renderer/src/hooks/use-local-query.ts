import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../rpc/local-types';

export interface LocalQuery<T> {
  /** The last answer; kept while the next one loads, so the screen does not flash empty. */
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Runs `run` whenever `key` changes (a JSON of what it depends on) and keeps its last answer.
 * An answer to an older key that arrives late is dropped.
 */
export function useLocalQuery<T>(run: () => Promise<T>, key: string): LocalQuery<T> {
  const [state, setState] = useState<LocalQuery<T>>({ data: null, error: null, loading: true });
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    latest.current().then(
      (data) => { if (!cancelled) setState({ data, error: null, loading: false }); },
      (cause: unknown) => { if (!cancelled) setState((s) => ({ data: s.data, error: errorMessage(cause), loading: false })); },
    );
    return () => { cancelled = true; };
  }, [key]);
  return state;
}
