import type { Kysely } from 'kysely';
import { createItemsService } from './catalog/items.service';
import { createCountingService } from './counting/counting.service';
import type { ReplicaDatabase } from './replica/replica.schema';
import { listStockLevels } from './replica/stock-levels.repo';
import type { LocalContext } from './router/trpc';
import { currentOperatorName } from './session/current-operator';
import { createOperatorSession } from './session/operator-session.service';
import type { SignInTransport } from './session/sign-in-answer';
import type { ServerClock } from './sync-engine/server-clock';
import { toSyncEngineApi } from './sync-engine/sync-engine-api';
import type { SyncEngine } from './sync-engine/sync-engine.service';

export interface LocalContextParts {
  db: Kysely<ReplicaDatabase>;
  engine: SyncEngine;
  /** The server's `auth.*` procedures over the sync transport (sign-in with the device credential, refresh, authenticator). */
  auth: SignInTransport;
  /** Names the server in the enrolment screen's errors. */
  serverUrl: string;
  stationName: string;
  clock: Pick<ServerClock, 'now'>;
}

/** The services the local router reaches, over one replica and its sync engine. */
export function createLocalContext({ db, engine, auth, serverUrl, stationName, clock }: LocalContextParts): LocalContext {
  return {
    items: createItemsService(db),
    engine: toSyncEngineApi(engine, serverUrl),
    counting: createCountingService(db, engine, clock),
    stock: { levels: (query) => listStockLevels(db, query) },
    session: createOperatorSession({ db, auth, serverNow: () => clock.now() }),
    station: { defaultName: stationName, person: () => currentOperatorName(db) },
  };
}
