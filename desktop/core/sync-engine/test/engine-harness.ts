import type { Kysely } from 'kysely';
import { openReplica, type Replica } from '../../replica/open-replica';
import type { ReplicaDatabase } from '../../replica/replica.schema';
import { makeCatalog, type FakeCatalog } from '../../test/fake-catalog';
import { silentLogger } from '../../test/silent-logger';
import { signInTestOperator } from '../../test/test-operator';
import { loadCredentials } from '../device-credentials';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../sync-engine.service';
import type { SignInTransport } from '../../session/sign-in-answer';
import { createSyncTransport, type PersonCalls, type SyncTransport } from '../sync-transport';
import { startFakeProtocolServer, type FakeProtocolServer } from './fake-protocol-server';

export interface Harness {
  server: FakeProtocolServer;
  replica: Replica;
  db: Kysely<ReplicaDatabase>;
  engine: SyncEngine;
  /** The engine's transport to the fake server, `auth.signIn` included. */
  transport: SyncTransport & SignInTransport & PersonCalls;
  close(): Promise<void>;
}

/** A fake sync server, a replica and an engine wired to it over real HTTP; enrolled, with Ana signed in, unless told. */
export async function startHarness({ catalog = makeCatalog(6), file = ':memory:', enroll = true, operator = true, server: given, engine: opts = {} }: {
  catalog?: FakeCatalog; file?: string; enroll?: boolean; operator?: boolean; server?: FakeProtocolServer; engine?: Partial<SyncEngineOptions>;
} = {}): Promise<Harness> {
  const server = given ?? await startFakeProtocolServer(catalog);
  const replica = await openReplica(file);
  const credentials = await loadCredentials(replica.db);
  const transport = createSyncTransport({ serverUrl: server.url, credential: credentials.get, timeoutMs: 5000 });
  const engine = await createSyncEngine({
    db: replica.db, transport, credentials, logger: silentLogger, backoff: { initialMs: 5, maxMs: 20 }, pollMs: 60_000, ...opts,
  });
  if (enroll && credentials.get() === null) await engine.enroll({ code: server.state.issueCode('site-a'), name: 'Test station' });
  if (operator) await signInTestOperator(replica.db);
  return {
    server, replica, db: replica.db, engine, transport,
    async close() {
      await engine.stop();
      await replica.close();
      if (!given) await server.close();
    },
  };
}

/** Resolves once `predicate` holds for the engine's status. */
export function waitForStatus(engine: SyncEngine, predicate: (s: ReturnType<SyncEngine['status']['get']>) => boolean) {
  return new Promise<ReturnType<SyncEngine['status']['get']>>((resolve) => {
    if (predicate(engine.status.get())) return resolve(engine.status.get());
    const stop = engine.status.subscribe((s) => {
      if (predicate(s)) {
        stop();
        resolve(s);
      }
    });
  });
}

export function movement(over: Partial<{ movementId: string; siteId: string; locationId: string; itemId: string; kind: 'receipt' | 'issue' | 'count_adjustment'; quantity: number }> = {}) {
  return { movementId: crypto.randomUUID(), siteId: 'site-a', locationId: 'loc-a1', itemId: 'item-0001', kind: 'receipt' as const, quantity: 1, ...over };
}

export async function onHand(db: Kysely<ReplicaDatabase>, locationId: string, itemId: string): Promise<number | null> {
  const row = await db.selectFrom('stock_levels').select('on_hand').where('location_id', '=', locationId).where('item_id', '=', itemId).executeTakeFirst();
  return row ? Number(row.on_hand) : null;
}
