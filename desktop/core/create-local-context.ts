import type { Kysely } from 'kysely';
import { createAdminService } from './admin/admin.service';
import { createFleetService } from './admin/fleet.service';
import { createJobEventsStore, type JobEventsStore } from './admin/job-events.store';
import { createItemsService } from './catalog/items.service';
import { createCountingService } from './counting/counting.service';
import { createFinanceExports } from './finance/finance-export.service';
import { createFinanceScenarios } from './finance/finance-scenarios.service';
import { createFinanceService } from './finance/finance.service';
import { getForecast, listForecasts } from './replica/forecasts.repo';
import type { ReplicaDatabase } from './replica/replica.schema';
import { listStockLevels } from './replica/stock-levels.repo';
import type { LocalContext } from './router/trpc';
import { currentOperatorName } from './session/current-operator';
import { createOperatorSession } from './session/operator-session.service';
import type { SignInTransport } from './session/sign-in-answer';
import type { PersonCalls } from './sync-engine/sync-transport';
import type { ServerClock } from './sync-engine/server-clock';
import { toSyncEngineApi } from './sync-engine/sync-engine-api';
import type { SyncEngine } from './sync-engine/sync-engine.service';
import type { CoreUpdates } from './updates/core-updates.service';
import { NOT_APPLICABLE } from './updates/update-view';

export interface LocalContextParts {
  db: Kysely<ReplicaDatabase>;
  engine: SyncEngine;
  /** The server's `auth.*` procedures over the sync transport (sign-in with the device credential, refresh, authenticator). */
  auth: SignInTransport & PersonCalls;
  /** Names the server in the enrolment screen's errors. */
  serverUrl: string;
  stationName: string;
  clock: Pick<ServerClock, 'now'>;
  /** Job progress from the live stream (the runtime records into it); an empty one when not given. */
  jobEvents?: JobEventsStore;
  /** The update banner's state; without it (tests, tools) updates do not apply. */
  updates?: Pick<CoreUpdates, 'view' | 'requestInstall'>;
}

const NO_UPDATES: Pick<CoreUpdates, 'view' | 'requestInstall'> = { view: () => NOT_APPLICABLE, requestInstall: () => false };

/** The services the local router reaches, over one replica and its sync engine. */
export function createLocalContext({ db, engine, auth, serverUrl, stationName, clock, jobEvents = createJobEventsStore(), updates = NO_UPDATES }: LocalContextParts): LocalContext {
  const session = createOperatorSession({ db, auth, serverNow: () => clock.now() });
  const finance = createFinanceService({ db, status: () => engine.status.get() });
  return {
    items: createItemsService(db),
    engine: toSyncEngineApi(engine, serverUrl),
    counting: createCountingService(db, engine, clock),
    stock: { levels: (query) => listStockLevels(db, query) },
    forecasts: { list: (query) => listForecasts(db, query), get: (siteId, itemId) => getForecast(db, siteId, itemId) },
    finance,
    financeScenarios: createFinanceScenarios({ db, server: auth, accessToken: () => session.accessToken() }),
    financeExports: createFinanceExports({ db, finance }),
    session,
    station: { defaultName: stationName, person: () => currentOperatorName(db) },
    admin: createAdminService({ server: auth, accessToken: () => session.accessToken(), jobEvents }),
    fleet: createFleetService({ server: auth, accessToken: () => session.accessToken() }),
    updates,
  };
}
