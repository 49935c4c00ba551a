// A desktop core as the counting screens reach it (the local router over a replica and its sync
// engine) behind its own faultable network, against a real test server. The engine is not
// started: a test syncs when it says so (`sync.now`), so every step is deterministic.
import path from 'node:path';
import pino from 'pino';
import { createEnrollmentCode } from '@capliquify/server';
import { createLocalContext } from '../../core/create-local-context';
import { openReplica, type Replica } from '../../core/replica/open-replica';
import { localRouter } from '../../core/router/local-router';
import { enableDurableWrites } from '../../core/sync-engine/confirmed-rows.repo';
import { loadCredentials } from '../../core/sync-engine/device-credentials';
import { loadServerClock, type ServerClock } from '../../core/sync-engine/server-clock';
import { createSyncEngine, type SyncEngine } from '../../core/sync-engine/sync-engine.service';
import { createSyncTransport } from '../../core/sync-engine/sync-transport';
import type { SignedInPerson } from '../../../server/test/people';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { SITE, TENANT, signInStation, type StationPerson, type TestServer } from './sync-server';

const silent = pino({ level: 'silent' });

export type CoreCaller = ReturnType<typeof localRouter.createCaller>;

export interface CountingStation {
  caller: CoreCaller;
  engine: SyncEngine;
  replica: Replica;
  network: FaultProxy;
  clock: ServerClock;
  deviceId: string;
  /** Signs `name` in at this station (a manager of site_a with a second factor unless told), as the one at it now. */
  signInAs(name: string, person?: StationPerson): Promise<SignedInPerson>;
  /** Pushes and pulls now; throws if the sync failed. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface CountingStationOptions {
  /** How far this device's clock is off (counting must not care). */
  clockSkewMs?: number;
  /** Who is signed in at the station from the start (a manager of site_a with a second factor). */
  person?: string;
}

export async function openCountingStation(server: TestServer, dir: string, name: string, options: CountingStationOptions = {}): Promise<CountingStation> {
  const { clockSkewMs = 0, person } = options;
  const network = await startFaultProxy(server.url);
  const replica = await openReplica(path.join(dir, `${name}.sqlite`));
  await enableDurableWrites(replica.db);
  const credentials = await loadCredentials(replica.db);
  const localNow = () => Date.now() + clockSkewMs;
  const clock = await loadServerClock(replica.db, silent, localNow);
  const transport = createSyncTransport({ serverUrl: network.url, credential: credentials.get, timeoutMs: 10_000, clock });
  const engine = await createSyncEngine({
    db: replica.db, transport, credentials, logger: silent, backoff: { initialMs: 60_000, maxMs: 60_000 }, pollMs: 3_600_000,
    now: () => new Date(localNow()),
  });
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
  const { deviceId } = await engine.enroll({ code, name });
  const caller = localRouter.createCaller(createLocalContext({ db: replica.db, engine, auth: transport, serverUrl: server.url, stationName: name, clock }));
  const signInAs = (displayName: string, as: StationPerson = {}) => signInStation(server.db(), replica.db, deviceId, { displayName, ...as });
  if (person) await signInAs(person);
  return {
    caller, engine, replica, network, clock, deviceId, signInAs,
    async sync() {
      const status = await caller.sync.now();
      if (status.lastError !== null) throw new Error(`${name} did not sync: ${status.lastError}`);
    },
    async close() {
      await engine.stop();
      await replica.close();
      await network.close();
    },
  };
}
