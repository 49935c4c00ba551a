import { AppShell } from './components/AppShell';
import type { LocalClient } from './rpc/connect-local-router';
import { LocalClientContext } from './rpc/local-client-context';

export function App({ client }: { client: LocalClient }) {
  return (
    <LocalClientContext value={client}>
      <AppShell />
    </LocalClientContext>
  );
}
