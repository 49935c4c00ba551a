// A real sync server (PostgreSQL or PGlite) on loopback with several desktop sync engines, each
// behind its own faultable network, plus a back-office writer that changes stock server-side.
import path from 'node:path';
import pino from 'pino';
import { buildApp, loadServerConfig, rebuildScopes, createEnrollmentCode, type Database, type DatabaseKind } from '@capliquify/server';
import type { Kysely } from 'kysely';
import type { MovementKind } from '@capliquify/shared';
import { openTestDatabase, type TestDatabase } from '../../../server/test/databases';
import { insertFixture } from '../../../server/test/fixture';
import { openReplica, type Replica } from '../../core/replica/open-replica';
import { loadCredentials } from '../../core/sync-engine/device-credentials';
import { createSyncEngine, type SyncEngine } from '../../core/sync-engine/sync-engine.service';
import { createSyncTransport } from '../../core/sync-engine/sync-transport';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { ONE_ADDRESS_FOR_ALL_STATIONS, SITE, openBackOfficeAt, signInStation } from './sync-server';

export { ITEMS, LOCATIONS, SITE, movementArgs } from './sync-server';

export interface Device {
  engine: SyncEngine;
  replica: Replica;
  network: FaultProxy;
  /** Every command this device queued, with the movement it carries. */
  queued: { mutationId: number; movementId: string }[];
}

export interface SyncWorld {
  database: TestDatabase;
  devices: Device[];
  /** A movement posted by another writer (the back office) straight to the server. */
  serverChange(kind: MovementKind, locationId: string, itemId: string, quantity: number): Promise<void>;
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });


async function openDevice(serverDb: Kysely<Database>, dir: string, index: number, serverUrl: string, code: string, clockSkewMs: number): Promise<Device> {
  const network = await startFaultProxy(serverUrl);
  const replica = await openReplica(path.join(dir, `device-${index}.sqlite`));
  const credentials = await loadCredentials(replica.db);
  const transport = createSyncTransport({ serverUrl: network.url, credential: credentials.get, timeoutMs: 10_000 });
  const engine = await createSyncEngine({
    db: replica.db, transport, credentials, logger: silent,
    backoff: { initialMs: 60_000, maxMs: 60_000 }, pollMs: 3_600_000,
    // A device clock hours off must change nothing: ordering never uses it.
    now: () => new Date(Date.now() + clockSkewMs),
  });
  const { deviceId } = await engine.enroll({ code, name: `Station ${index}` });
  await signInStation(serverDb, replica.db, deviceId, { displayName: `Operator ${index}`, grants: [{ siteId: SITE, role: 'operator' }] });
  return { engine, replica, network, queued: [] };
}

export async function createSyncWorld(kind: DatabaseKind, clockSkewsMs: number[]): Promise<SyncWorld> {
  const database = await openTestDatabase(kind, 'sync-model');
  await insertFixture(database.handle.db);
  await rebuildScopes(database.handle.db, 'tnt_demo');
  const config = { ...loadServerConfig({ PORT: '0', DEMO_DATA: 'none', LOG_LEVEL: 'silent', ...ONE_ADDRESS_FOR_ALL_STATIONS }), ...database.config };
  const app = await buildApp(config, { database: database.handle, logger: silent });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const serverUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const devices: Device[] = [];
  for (const [index, skew] of clockSkewsMs.entries()) {
    const { code } = await createEnrollmentCode(database.handle.db, { tenantId: 'tnt_demo', siteId: SITE });
    devices.push(await openDevice(database.handle.db, database.config.dataDir, index, serverUrl, code, skew));
  }

  const office = await openBackOfficeAt(database.handle.db, serverUrl);
  return {
    database,
    devices,
    serverChange: office.post,
    async close() {
      for (const device of devices) {
        await device.engine.stop();
        await device.replica.close();
        await device.network.close();
      }
      await app.close(); // closes the database handle too
      await database.cleanup();
    },
  };
}

