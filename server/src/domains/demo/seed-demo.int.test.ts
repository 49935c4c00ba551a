import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, type ScratchPostgres } from '../../../test/databases';
import { createDatabase, type DatabaseHandle } from '../../db/create-database';
import { migrateToLatest } from '../../db/migrate';
import { PGliteDialect } from '../../db/pglite.dialect';
import type { Database } from '../../db/schema';
import { yesterdayUtc } from './dates';
import { countTenantRows } from './demo.repo';
import { DEMO_TABLES, DEMO_TENANT_ID } from './demo.types';
import { countRows, generateDemo } from './generate-demo';
import { seedDemoData } from './seed-demo.service';

const END = '2025-06-30';
const expected = countRows(generateDemo({ size: 'small', seed: 11, endDate: END }).rows);

async function lowestOnHand(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('stock_movements')
    .select((eb) => ['item_id', 'location_id', eb.fn.sum<string>('quantity').as('on_hand')])
    .where('tenant_id', '=', DEMO_TENANT_ID)
    .groupBy(['item_id', 'location_id'])
    .execute();
  return Math.min(...rows.map((r) => Number(r.on_hand)));
}

async function seedsOnceAndOnlyOnce(db: Kysely<Database>): Promise<void> {
  const messages: string[] = [];
  const first = await seedDemoData(db, { size: 'small', seed: 11, endDate: END, log: (m) => messages.push(m) });
  expect(first).toEqual({ seeded: true, counts: expected });
  expect(await countTenantRows(db, DEMO_TABLES, DEMO_TENANT_ID)).toEqual(expected);
  expect(messages).toContain(`seeding items ${expected.items}/${expected.items}`);
  expect(await lowestOnHand(db)).toBeGreaterThanOrEqual(0);

  const again = await seedDemoData(db, { size: 'small', seed: 12, endDate: END });
  expect(again).toEqual({ seeded: false, counts: {} });
  expect(await countTenantRows(db, DEMO_TABLES, DEMO_TENANT_ID)).toEqual(expected);
}

describe('seedDemoData on in-memory PGlite', () => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite()) });
    await migrateToLatest(db);
  });
  afterAll(async () => db.destroy());

  it('seeds the small company once, and a second call changes nothing', async () => {
    await seedsOnceAndOnlyOnce(db);
  });

  it('ends the history yesterday (UTC) when no end date is given', async () => {
    const fresh = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite()) });
    try {
      await migrateToLatest(fresh);
      await seedDemoData(fresh, { size: 'small' });
      const row = await fresh.selectFrom('sales_daily').select((eb) => eb.fn.max('day').as('last')).executeTakeFirstOrThrow();
      expect(row.last).toBe(yesterdayUtc());
    } finally {
      await fresh.destroy();
    }
  });
});

describe('seedDemoData on PostgreSQL', () => {
  let scratch: ScratchPostgres;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    scratch = await createScratchPostgres('demo_seed');
    handle = await createDatabase({ databaseUrl: scratch.url, pgliteDir: '' });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  });

  it('seeds the small company once, and a second call changes nothing', async () => {
    await seedsOnceAndOnlyOnce(handle.db);
  });

  it('lets exactly one of two racing seeders write the data', async () => {
    const other = await createScratchPostgres('demo_race');
    const raced = await createDatabase({ databaseUrl: other.url, pgliteDir: '' });
    try {
      await migrateToLatest(raced.db);
      const results = await Promise.all([1, 2].map(() => seedDemoData(raced.db, { size: 'small', seed: 11, endDate: END })));
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect(await countTenantRows(raced.db, DEMO_TABLES, DEMO_TENANT_ID)).toEqual(expected);
    } finally {
      await raced.close();
      await other.drop();
    }
  });
});
