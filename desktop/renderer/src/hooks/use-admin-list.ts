import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../rpc/local-types';

/** A list an admin screen reads from the server through the core, with its error sentence and a reload. */
export function useAdminList<T>(load: () => Promise<T[]>): { rows: T[] | null; error: string | null; reload(): Promise<void> } {
  const [rows, setRows] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setRows(await load());
      setError(null);
    } catch (cause) {
      setError(errorMessage(cause));
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { rows, error, reload };
}
