import type { ItemsPage, PageInput, SitesSnapshot, StockPage } from '@capliquify/shared';

/** What the server says about itself; the desktop checks the protocol range before syncing. */
export interface ServerInfo {
  name: string;
  version: string;
  protocol: { min: number; max: number };
  schema: { min: number; max: number };
}

/**
 * Where a snapshot comes from. The tRPC server client implements it; keeping the sync code on this
 * narrow interface lets the later sync engine replace the transport without touching the replica.
 */
export interface SnapshotSource {
  info(): Promise<ServerInfo>;
  sites(): Promise<SitesSnapshot>;
  itemsPage(input: PageInput): Promise<ItemsPage>;
  stockPage(input: PageInput): Promise<StockPage>;
}
