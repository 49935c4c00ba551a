import { initTRPC } from '@trpc/server';
import type { ItemsService } from '../catalog/items.service';
import type { SyncEngineApi } from '../sync-engine/sync-engine-api';
import type { SyncStatus } from '../sync/sync-status';

/** What every local procedure can reach: services, never the database itself. */
export interface LocalContext {
  items: ItemsService;
  sync: { status(): SyncStatus; refresh(): Promise<SyncStatus> };
  /** The push/pull sync engine; null while the core runs the snapshot path. */
  engine: SyncEngineApi | null;
}

export const t = initTRPC.context<LocalContext>().create({ isServer: true });
