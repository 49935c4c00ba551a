import { initTRPC } from '@trpc/server';
import { AdminError } from '../admin/admin-error';
import type { AdminService } from '../admin/admin.service';
import type { FleetService } from '../admin/fleet.service';
import type { ItemsService } from '../catalog/items.service';
import type { CountingService } from '../counting/counting.service';
import type { FinanceExports } from '../finance/finance-export.service';
import type { FinanceScenarios } from '../finance/finance-scenarios.service';
import type { FinanceService } from '../finance/finance.service';
import type { ForecastDetail, ForecastList, ForecastListQuery } from '../replica/forecasts.repo';
import type { StockLevelQuery, StockLevelRow } from '../replica/stock-levels.repo';
import type { OperatorSession } from '../session/operator-session.service';
import { SessionError } from '../session/session-error';
import type { SyncEngineApi } from '../sync-engine/sync-engine-api';
import type { CoreUpdates } from '../updates/core-updates.service';

/** What every local procedure can reach: services, never the database itself. */
export interface LocalContext {
  items: ItemsService;
  engine: SyncEngineApi;
  counting: CountingService;
  stock: { levels(query: StockLevelQuery): Promise<{ rows: StockLevelRow[]; total: number }> };
  /** Demand forecasts from the replica; `get` is null when the station holds no forecast for the item at the site. */
  forecasts: { list(query: ForecastListQuery): Promise<ForecastList>; get(siteId: string, itemId: string): Promise<ForecastDetail | null> };
  /** The Finance section from the replica (finance workstations). */
  finance: FinanceService;
  /** Saved working-capital scenarios: on the server when online, kept here otherwise. */
  financeScenarios: FinanceScenarios;
  /** Every Finance view as XLSX, CSV or PDF, from the replica. */
  financeExports: FinanceExports;
  /** Who is signed in at this station, and signing in and out. */
  session: OperatorSession;
  /** This station as configured (the enrolment screen proposes its name), and who is at it. */
  station: {
    defaultName: string;
    /** The signed-in operator's name, null when no one is signed in. */
    person(): Promise<string | null>;
  };
  /** The admin screens' calls to the server, as the person at the station. */
  admin: AdminService;
  /** The Fleet screen's calls to the server, as the person at the station. */
  fleet: FleetService;
  /** The update banner: what Electron main's updater says, and "restart now". */
  updates: Pick<CoreUpdates, 'view' | 'requestInstall'>;
}

export const t = initTRPC.context<LocalContext>().create({
  isServer: true,
  // Sign-in screens branch on `data.code` (SECOND_FACTOR_REQUIRED, PIN_LOCKED, OFFLINE …), which
  // tRPC's own codes cannot say, and show how long to wait or how many tries are left.
  errorFormatter({ shape, error }) {
    const session = error.cause instanceof SessionError ? error.cause : null;
    const admin = error.cause instanceof AdminError ? error.cause : null;
    return {
      ...shape,
      data: { ...shape.data, code: session?.code ?? admin?.code ?? shape.data.code, retryAfterSeconds: session?.retryAfterSeconds, attemptsLeft: session?.attemptsLeft },
    };
  },
});
