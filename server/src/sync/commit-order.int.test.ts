import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import type { Database } from '../db/schema';
import { authenticateDevice, type DeviceIdentity } from './device-auth.service';
import { createEnrollmentCode, enrollDevice } from './enrollment.service';
import { pullChanges } from './pull.service';
import { rebuildScopes } from './rebuild-scopes.service';
import { replicateChanges } from './replication.service';

const SCOPE = 'site:site_a';

function location(id: string) {
  return { entity: 'location', id, data: { id, siteId: 'site_a', code: id, name: id } };
}

/** A promise and the function that resolves it. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

// Two real connections of one pool: the row lock, not the test, decides who waits.
describe('versions become visible in commit order (PostgreSQL, concurrent connections)', () => {
  let testDb: TestDatabase;
  let device: DeviceIdentity;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'sync-order');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    const { code } = await createEnrollmentCode(db(), { tenantId: 'tnt_demo', siteId: 'site_a' });
    const enrolled = await enrollDevice(db(), { code, name: 'puller' });
    device = await authenticateDevice(db(), `Device ${enrolled.credential}`);
  });
  afterAll(() => testDb.cleanup());

  async function pullIds(cursors: Record<string, string | null>): Promise<{ ids: string[]; versions: number[]; cursors: Record<string, string | null> }> {
    const ids: string[] = [];
    const versions: number[] = [];
    const next = { ...cursors };
    for (let more = true; more;) {
      const page = await pullChanges(db(), device, { cursors: next, limit: 1_000 });
      for (const c of page.changes.filter((c) => c.scope === SCOPE)) {
        ids.push(c.id);
        versions.push(c.version);
      }
      Object.assign(next, page.cursors);
      more = page.hasMore;
    }
    return { ids, versions, cursors: next };
  }

  async function lockWaiters(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db());
    return rows[0]!.n;
  }

  it('a writer that began first but took its version second is never skipped by a puller in between', async () => {
    let cursors = (await pullIds({})).cursors;
    const bTakesVersion = gate();
    const aHolds = gate();
    const aHasVersion = gate();
    // Writer B starts first and does its domain work, then takes its version only later.
    const writerB = db().transaction().execute(async (trx: Transaction<Database>) => {
      await sql`select 1`.execute(trx);
      await bTakesVersion.wait;
      return replicateChanges(trx, 'tnt_demo', SCOPE, [location('loc_writer_b')]);
    });
    const writerA = db().transaction().execute(async (trx: Transaction<Database>) => {
      const version = await replicateChanges(trx, 'tnt_demo', SCOPE, [location('loc_writer_a')]);
      aHasVersion.open();
      await aHolds.wait;
      return version;
    });
    await aHasVersion.wait;
    bTakesVersion.open();
    while ((await lockWaiters()) < 1) await sleep(5);

    const during = await pullIds(cursors);
    expect(during.ids).toEqual([]);
    cursors = during.cursors;

    aHolds.open();
    const [versionA, versionB] = await Promise.all([writerA, writerB]);
    expect(versionB).toBe(versionA + 1);
    const after = await pullIds(cursors);
    expect(after.ids).toEqual(['loc_writer_a', 'loc_writer_b']);
    expect(after.versions).toEqual([versionA, versionB]);
  });

  it('a puller racing many writers that commit at random moments sees every change exactly once', async () => {
    let { cursors } = await pullIds({});
    const seen: string[] = [];
    const written = Array.from({ length: 30 }, (_, i) => `loc_race_${String(i).padStart(2, '0')}`);
    let writing = true;
    const puller = (async () => {
      while (writing) {
        const page = await pullIds(cursors);
        seen.push(...page.ids);
        cursors = page.cursors;
      }
    })();
    await Promise.all(written.map(async (id, i) => {
      await sleep((i * 7) % 11);
      await db().transaction().execute(async (trx) => {
        await replicateChanges(trx, 'tnt_demo', SCOPE, [location(id)]);
        await sleep((i * 13) % 17);
      });
    }));
    writing = false;
    await puller;
    seen.push(...(await pullIds(cursors)).ids);
    expect([...seen].sort()).toEqual(written);
  });
});
