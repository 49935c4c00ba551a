// A real sync server (PostgreSQL or PGlite) on loopback that a test can redeploy with other
// settings on the same database and port, and stations (replica + engine) behind their own
// faultable network. For the request-limit, version and flapping-network tests.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pino from 'pino';
import {
  buildApp, createDatabase, createEnrollmentCode, loadServerConfig, rebuildScopes, type AppDeps, type Database, type DatabaseKind,
} from '@capliquify/server';
import type { MovementKind } from '@capliquify/shared';
import { openTestDatabase, type TestDatabase } from '../../../server/test/databases';
import { insertFixture } from '../../../server/test/fixture';
import { signInOnDevice, type PersonOptions, type SignedInPerson, type SignInOptions } from '../../../server/test/people';
import { REPLICA_FILE } from '../../core/create-core';
import { openReplica, type Replica } from '../../core/replica/open-replica';
import type { ReplicaDatabase } from '../../core/replica/replica.schema';
import { installOperatorSession } from '../../core/session/install-operator-session';
import { loadCredentials } from '../../core/sync-engine/device-credentials';
import { SyncMetaKey, getSyncMeta } from '../../core/sync-engine/outbox.repo';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../core/sync-engine/sync-engine.service';
import { createSyncTransport, type SyncTransport } from '../../core/sync-engine/sync-transport';
import type { ClientVersions } from '../../core/sync-engine/version-mismatch';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

// Every station of a test calls from 127.0.0.1, where real ones have addresses of their own: lift
// the per-address and per-tenant limits (server/src/security/*.int.test.ts prove those).
export const ONE_ADDRESS_FOR_ALL_STATIONS = { RATE_LIMIT_PER_MINUTE: '9999999', TENANT_RATE_LIMIT_PER_MINUTE: '9999999' };

export const TENANT = 'tnt_demo';
export const SITE = 'site_a';
export const LOCATIONS = ['loc_a1', 'loc_a2'] as const;
export const ITEMS = ['itm_bolt', 'itm_frame'] as const;

const silent = pino({ level: 'silent' });

export interface ServerSettings {
  bodyLimitBytes?: number;
  /** The client versions this build of the server accepts (default: the shared SUPPORTED_*). */
  supportedVersions?: AppDeps['supportedVersions'];
  /** More of the server's environment, read at the first start (e.g. FLEET_DATA_AT_RISK_MINUTES). */
  env?: Record<string, string>;
}

export interface TestServer {
  url: string;
  database: TestDatabase;
  /** The database as the running server sees it (a redeploy opens a new handle). */
  db(): Kysely<Database>;
  /** Stops the server and starts another build of it on the same database and port. */
  redeploy(settings: ServerSettings): Promise<void>;
  close(): Promise<void>;
}

/** The fixture world (site_a with two locations, a few items and movements), scopes built, listening. */
export async function startTestServer(kind: DatabaseKind, label: string, settings: ServerSettings = {}): Promise<TestServer> {
  const database = await openTestDatabase(kind, label);
  await insertFixture(database.handle.db);
  await rebuildScopes(database.handle.db, TENANT);
  // The data folder is the test database's own: releases and diagnostic bundles land there, not in the repository's .data.
  const env = { PORT: '0', DEMO_DATA: 'none', LOG_LEVEL: 'silent', CAPLIQUIFY_DATA_DIR: database.config.dataDir, ...ONE_ADDRESS_FOR_ALL_STATIONS, ...settings.env };
  const base = { ...loadServerConfig(env), ...database.config };
  let handle = database.handle;
  const start = async (next: ServerSettings, port: number) => {
    const config = next.bodyLimitBytes === undefined ? base : { ...base, bodyLimitBytes: next.bodyLimitBytes };
    const app = await buildApp(config, { database: handle, logger: silent, supportedVersions: next.supportedVersions });
    await app.listen({ port, host: '127.0.0.1' });
    return app;
  };
  let app: FastifyInstance = await start(settings, 0);
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    db: () => handle.db,
    async redeploy(next) {
      await app.close(); // closes the database handle too
      handle = await createDatabase(database.config);
      app = await start(next, port);
    },
    async close() {
      await app.close();
      await database.cleanup();
    },
  };
}

export interface Station {
  engine: SyncEngine;
  replica: Replica;
  network: FaultProxy;
  transport: SyncTransport;
  /** Every movement this station queued, by mutation id. */
  queued: { mutationId: number; movementId: string }[];
  /** Records a movement at site_a locally (queued for the server). */
  record(kind: MovementKind, locationId: string, itemId: string, quantity: number): Promise<void>;
  /** Stops the engine and closes the replica, as quitting the app does (the file stays). */
  quit(): Promise<void>;
}

export interface StationOptions {
  /** Versions the station's build sends (default: this build's). */
  versions?: Partial<ClientVersions>;
  engine?: Partial<SyncEngineOptions>;
  /** Wraps the transport the engine uses (to observe what it sends). */
  wrap?: (transport: SyncTransport) => SyncTransport;
  /** Who signs in when the station is first enrolled (a manager of site_a by default). */
  person?: StationPerson;
}

export function movementArgs(kind: MovementKind, locationId: string, itemId: string, quantity: number) {
  return { movementId: randomUUID(), siteId: SITE, locationId, itemId, kind, quantity };
}

/**
 * A station whose replica lives at `file`: behind its own fault proxy, enrolled at site_a on first
 * open. Opening the same file again (with another `network`) plays the same station after an app
 * update or restart.
 */
export async function openStation(server: TestServer, file: string, options: StationOptions = {}, network?: FaultProxy): Promise<Station> {
  const net = network ?? await startFaultProxy(server.url);
  const replica = await openReplica(file);
  const credentials = await loadCredentials(replica.db);
  const raw = createSyncTransport({ serverUrl: net.url, credential: credentials.get, timeoutMs: 10_000, ...options.versions });
  const transport = options.wrap ? options.wrap(raw) : raw;
  const engine = await createSyncEngine({
    db: replica.db, transport, credentials, logger: silent,
    backoff: { initialMs: 60_000, maxMs: 60_000 }, pollMs: 3_600_000,
    ...options.engine,
  });
  if (credentials.get() === null) {
    const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
    const { deviceId } = await engine.enroll({ code, name: path.basename(file) });
    await signInStation(server.db(), replica.db, deviceId, options.person);
  }
  const station: Station = {
    engine, replica, network: net, transport, queued: [],
    async record(kind, locationId, itemId, quantity) {
      const args = movementArgs(kind, locationId, itemId, quantity);
      const { mutationId } = await engine.queue('inventory.recordMovement', args);
      station.queued.push({ mutationId, movementId: args.movementId });
    },
    async quit() {
      await engine.stop();
      await replica.close();
    },
  };
  return station;
}

/** The back office: an enrolled client posting movements straight to the server (no fault proxy). */
export function openBackOffice(server: TestServer): Promise<BackOffice> {
  return openBackOfficeAt(server.db(), server.url);
}

export interface BackOffice { post(kind: MovementKind, locationId: string, itemId: string, quantity: number): Promise<void> }

/** The back office of any server on `serverUrl` whose database is `db`. */
export async function openBackOfficeAt(db: Kysely<Database>, serverUrl: string): Promise<BackOffice> {
  const { code } = await createEnrollmentCode(db, { tenantId: TENANT, siteId: SITE });
  let credential: string | null = null;
  const transport = createSyncTransport({ serverUrl, credential: () => credential });
  const enrolled = await transport.enroll({ code, name: 'Back office' });
  credential = enrolled.credential;
  const { actor } = await signInOnDevice(db, enrolled.deviceId, { displayName: 'Back Office' });
  let mutationId = 0;
  return {
    async post(kind, locationId, itemId, quantity) {
      mutationId += 1;
      const args = movementArgs(kind, locationId, itemId, quantity);
      await transport.push({ commands: [{ mutationId, name: 'inventory.recordMovement', args, createdAt: new Date().toISOString(), actor }] });
    },
  };
}

/** A person to sign in at a station; a manager of site_a with a second factor unless told. */
export interface StationPerson extends PersonOptions, SignInOptions {
  /** A PIN to sign in with again, offline too; none unless given. */
  pin?: string;
  /** Whether they are the one at the station now (default true). */
  current?: boolean;
}

/**
 * Signs a person in at a station as an online sign-in would have, without the round trip: the
 * user, their grants and a sign-in bound to `deviceId` on the server (server/test/people.ts), the
 * operator session on the station's replica. Their commands then carry that sign-in.
 */
export async function signInStation(serverDb: Kysely<Database>, replicaDb: Kysely<ReplicaDatabase>, deviceId: string, person: StationPerson = {}): Promise<SignedInPerson> {
  const signedIn = await signInOnDevice(serverDb, deviceId, { displayName: 'Site Manager', grants: [{ siteId: SITE, role: 'manager' }], ...person });
  await installOperatorSession(replicaDb, {
    userId: signedIn.userId, signInId: signedIn.actor.signInId, displayName: signedIn.displayName, email: signedIn.email,
    grants: signedIn.grants, mfa: signedIn.mfa, pin: person.pin, current: person.current,
  });
  return signedIn;
}

/**
 * For the Chromium tests: signs a person in at a running browser host's station, whose data
 * folder is `dataDir` (its `CAPLIQUIFY_DESKTOP_DATA_DIR`), once the host has enrolled. The host
 * reads who is signed in from its replica on every call, so the screen shows them on its next
 * `session.current`. Returns the person (their `userId` is what `session.unlockWithPin` takes).
 */
export async function signInHostStation(server: TestServer, dataDir: string, person: StationPerson = {}): Promise<SignedInPerson> {
  const replica = await openReplica(path.join(dataDir, REPLICA_FILE));
  try {
    const deviceId = await getSyncMeta(replica.db, SyncMetaKey.DeviceId);
    if (deviceId === null || await getSyncMeta(replica.db, SyncMetaKey.Credential) === null) {
      throw new Error(`The station in ${dataDir} is not enrolled yet: sign someone in after its host printed "ready".`);
    }
    return await signInStation(server.db(), replica.db, deviceId, person);
  } finally {
    await replica.close();
  }
}

/** How many times the server's ledger holds each movement (exactly once is the promise). */
export async function ledgerCounts(db: Kysely<Database>, movementIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(movementIds.map((id) => [id, 0]));
  for (let i = 0; i < movementIds.length; i += 1_000) {
    const rows = await db.selectFrom('stock_movements').select(['movement_id', sql<number>`count(*)`.as('n')])
      .where('movement_id', 'in', movementIds.slice(i, i + 1_000)).groupBy('movement_id').execute();
    for (const r of rows) if (r.movement_id) counts.set(r.movement_id, Number(r.n));
  }
  return counts;
}

/** On-hand per location and item at site_a from the server's ledger, non-zero only, sorted. */
export async function serverStock(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('stock_movements')
    .select(['location_id', 'item_id', sql<string>`sum(quantity)`.as('on_hand')])
    .where('tenant_id', '=', TENANT).where('site_id', '=', SITE)
    .groupBy(['location_id', 'item_id']).execute();
  return rows.filter((r) => Number(r.on_hand) !== 0).map((r) => `${r.location_id}|${r.item_id}=${Number(r.on_hand)}`).sort();
}

/** The same, as the station's replica shows it. */
export async function replicaStock(station: Station): Promise<string[]> {
  const rows = await station.replica.db.selectFrom('stock_levels').selectAll().where('site_id', '=', SITE).execute();
  return rows.filter((r) => r.on_hand !== 0).map((r) => `${r.location_id}|${r.item_id}=${r.on_hand}`).sort();
}
