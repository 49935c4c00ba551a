import type { Kysely } from 'kysely';
import { createAdminService } from './admin/admin.service';
import { createJobEventsStore, type JobEventsStore } from './admin/job-events.store';
import { createItemsService } from './catalog/items.service';
import { createCountingService } from './counting/counting.service';
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
}

/** The services the local router reaches, over one replica and its sync engine. */
export function createLocalContext({ db, engine, auth, serverUrl, stationName, clock, jobEvents = createJobEventsStore() }: LocalContextParts): LocalContext {
  const session = createOperatorSession({ db, auth, serverNow: () => clock.now() });
  return {
    items: createItemsService(db),
    engine: toSyncEngineApi(engine, serverUrl),
    counting: createCountingService(db, engine, clock),
    stock: { levels: (query) => listStockLevels(db, query) },
    session,
    station: { defaultName: stationName, person: () => currentOperatorName(db) },
    admin: createAdminService({ server: auth, accessToken: () => session.accessToken(), jobEvents }),
  };
}
