import { initTRPC } from '@trpc/server';
import type { ItemsService } from '../catalog/items.service';
import type { SyncEngineApi } from '../sync-engine/sync-engine-api';

/** What every local procedure can reach: services, never the database itself. */
export interface LocalContext {
  items: ItemsService;
  engine: SyncEngineApi;
  /** This station as configured; the enrolment screen proposes its name. */
  station: { defaultName: string };
}

export const t = initTRPC.context<LocalContext>().create({ isServer: true });
