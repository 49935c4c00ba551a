import { initTRPC } from '@trpc/server';
import type { ItemsService } from '../catalog/items.service';
import type { CountingService } from '../counting/counting.service';
import type { StockLevelQuery, StockLevelRow } from '../replica/stock-levels.repo';
import type { SyncEngineApi } from '../sync-engine/sync-engine-api';

/** What every local procedure can reach: services, never the database itself. */
export interface LocalContext {
  items: ItemsService;
  engine: SyncEngineApi;
  counting: CountingService;
  stock: { levels(query: StockLevelQuery): Promise<{ rows: StockLevelRow[]; total: number }> };
  /** This station as configured (the enrolment screen proposes its name), and who is at it. */
  station: {
    defaultName: string;
    person(): Promise<string | null>;
    /** Returns the name stored; an empty name clears it. */
    setPerson(name: string): Promise<string | null>;
  };
}

export const t = initTRPC.context<LocalContext>().create({ isServer: true });
