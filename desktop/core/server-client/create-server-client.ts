import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@capliquify/server/router';
import {
  HEADER_DEVICE_ID, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION,
} from '@capliquify/shared';
import type { SnapshotSource } from '../sync/snapshot-source';

/** Where the server mounts its tRPC router, relative to its base URL. */
export const SERVER_TRPC_PATH = '/trpc';

export interface ServerClientOptions {
  serverUrl: string;
  deviceId: string;
  /** A request that hangs (a black-holed network) fails after this long instead of forever. */
  timeoutMs?: number;
}

export type ServerClient = TRPCClient<AppRouter>;

/** A tRPC client to the sync server; every request carries the versions and the device id. */
export function createServerClient({ serverUrl, deviceId, timeoutMs = 30_000 }: ServerClientOptions): ServerClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${serverUrl}${SERVER_TRPC_PATH}`,
        headers: () => ({
          [HEADER_PROTOCOL_VERSION]: String(PROTOCOL_VERSION),
          [HEADER_SCHEMA_VERSION]: String(SCHEMA_VERSION),
          [HEADER_DEVICE_ID]: deviceId,
        }),
        fetch: (url, init) => {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
          return fetch(url, { ...init, signal } as RequestInit);
        },
      }),
    ],
  });
}

/** The server client seen as a source of snapshots. */
export function serverSnapshotSource(client: ServerClient): SnapshotSource {
  return {
    info: () => client.system.info.query(),
    sites: () => client.catalog.sites.query(),
    itemsPage: (input) => client.catalog.itemsPage.query(input),
    stockPage: (input) => client.inventory.stockPage.query(input),
  };
}
