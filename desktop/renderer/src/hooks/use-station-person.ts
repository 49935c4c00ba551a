import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../rpc/local-types';
import { useLocalClient } from '../rpc/local-client-context';

export interface StationPerson {
  /** undefined while loading; null until someone says who is counting. */
  name: string | null | undefined;
  error: string | null;
  save(name: string): Promise<void>;
}

/** Who is at this station: recorded as the counter of every scan and as who approved or cancelled. */
export function useStationPerson(): StationPerson {
  const client = useLocalClient();
  const [name, setName] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    client.station.person.query().then(
      (answer) => !cancelled && setName(answer.name),
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  const save = useCallback(async (next: string) => {
    await client.station.setPerson.mutate({ name: next });
    setName(next.trim());
    setError(null);
  }, [client]);

  return { name, error, save };
}
