import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openReplica, type Replica } from '../../replica/open-replica';
import { MetaKey, setMeta } from '../../replica/meta.repo';
import type { ReplicaDatabase } from '../../replica/replica.schema';
import { setCursor } from '../../sync-engine/confirmed-rows.repo';
import { queueCommand } from '../../sync-engine/local-commands.service';
import { createServerClock, type ServerClock } from '../../sync-engine/server-clock';
import { stockLevelId, writeTypedRows } from '../../sync-engine/typed-rows.repo';
import { makeCatalog, type FakeCatalog } from '../../test/fake-catalog';
import { signInTestOperator } from '../../test/test-operator';
import { createCountingService, type CountingService } from '../counting.service';

export const DEVICE_ID = 'device-test-1';
/** An EAN-13 with a valid check digit, printed on item-0001. */
export const BOLT_EAN = '4006381333931';

export interface CountingReplica {
  db: Kysely<ReplicaDatabase>;
  replica: Replica;
  catalog: FakeCatalog;
  clock: ServerClock;
  counting: CountingService;
  close(): Promise<void>;
}

/**
 * A replica file holding the fake catalog (site-a; item-0001 also carries an
 * EAN-13), enrolled as DEVICE_ID at site-a, with "Ana" signed in at the station. Commands go to the real
 * outbox with their client mutators, as the engine queues them.
 */
export async function openCountingReplica({ items = 6, person = 'Ana' as string | null, offsetMs = 0 } = {}): Promise<CountingReplica> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-counting-'));
  const replica = await openReplica(path.join(dir, 'replica.sqlite'));
  const { db } = replica;
  const catalog = makeCatalog(items);
  catalog.items[0]!.barcodes.push(BOLT_EAN);
  await db.transaction().execute(async (trx) => {
    await writeTypedRows(trx, 'site', catalog.sites.map((s) => ({ id: s.id, data: s })));
    await writeTypedRows(trx, 'location', catalog.locations.map((l) => ({ id: l.id, data: l })));
    await writeTypedRows(trx, 'item', catalog.items.map((i) => ({ id: i.id, data: i })));
    await writeTypedRows(trx, 'stock_level', catalog.stock.map((s) => ({ id: stockLevelId(s.locationId, s.itemId), data: s })));
    await setCursor(trx, 'site:site-a', 'c1');
  });
  await setMeta(db, MetaKey.DeviceId, DEVICE_ID);
  if (person !== null) await signInTestOperator(db, person);
  const clock = createServerClock({ localNow: () => Date.now(), initialOffsetMs: offsetMs });
  const counting = createCountingService(db, { queue: (name, args) => queueCommand(db, name, args) }, clock);
  return {
    db, replica, catalog, clock, counting,
    async close() {
      await replica.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A full, non-blind count of with generous tolerances, created and started. */
export async function startedSession(r: CountingReplica, over: Record<string, unknown> = {}): Promise<string> {
  const { sessionId } = await r.counting.create({
    siteId: 'site-a', name: 'Aisles', kind: 'full', blind: false, locationIds: ['loc-a1', 'loc-a2'], itemIds: null,
    toleranceQtyPct: 5, toleranceValueMinor: 10_000, counters: [], ...over,
  });
  await r.counting.start(sessionId);
  return sessionId;
}
