import { createContext, useContext } from 'react';
import type { LocalClient } from './connect-local-router';

export const LocalClientContext = createContext<LocalClient | null>(null);

/** The tRPC client to the local router; components call it, never the network or SQLite. */
export function useLocalClient(): LocalClient {
  const client = useContext(LocalClientContext);
  if (!client) throw new Error('useLocalClient needs a LocalClientContext provider');
  return client;
}
