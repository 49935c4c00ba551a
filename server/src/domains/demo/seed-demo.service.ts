import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { yesterdayUtc } from './dates';
import { DEMO_TABLES, DEMO_TENANT_ID } from './demo.types';
import { claimTenant, insertInBatches, tenantExists } from './demo.repo';
import { countRows, generateDemo } from './generate-demo';
import { seedDemoPeople } from './demo-people';

export const DEFAULT_DEMO_SEED = 20_240_601;

export interface SeedDemoOptions {
  size: 'full' | 'small';
  /** Last day of history (ISO `YYYY-MM-DD`); defaults to yesterday in UTC so the demo looks current. */
  endDate?: string;
  seed?: number;
  log?: (msg: string) => void;
}

/**
 * Seeds the demo manufacturer (tenant `tnt_demo`) in one transaction, or does nothing if it is
 * already there. Returns the rows inserted per table.
 */
export async function seedDemoData(db: Kysely<Database>, opts: SeedDemoOptions): Promise<{ seeded: boolean; counts: Record<string, number> }> {
  const log = opts.log ?? (() => undefined);
  if (await tenantExists(db, DEMO_TENANT_ID)) {
    const people = await seedDemoPeople(db);
    log(`demo tenant ${DEMO_TENANT_ID} already exists; ${people > 0 ? `added ${people} demo people` : 'nothing to seed'}`);
    return { seeded: false, counts: {} };
  }
  const endDate = opts.endDate ?? yesterdayUtc();
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  log(`generating ${opts.size} demo data ending ${endDate} (seed ${seed})`);
  const { rows } = generateDemo({ size: opts.size, seed, endDate });

  const seeded = await db.transaction().execute(async (trx) => {
    const [tenant] = rows.tenants;
    if (!tenant || !(await claimTenant(trx, tenant))) return false;
    for (const table of DEMO_TABLES) {
      if (table === 'tenants') continue;
      let nextReport = 0;
      await insertInBatches(trx, table, rows[table], (done, total) => {
        // About four progress lines per table, however many batches it takes.
        if (done >= nextReport || done === total) {
          log(`seeding ${table} ${done}/${total}`);
          nextReport = done + Math.ceil(total / 4);
        }
      });
    }
    log(`seeding ${await seedDemoPeople(trx)} demo people`);
    return true;
  });
  if (!seeded) {
    log(`demo tenant ${DEMO_TENANT_ID} was seeded concurrently; nothing to seed`);
    return { seeded: false, counts: {} };
  }
  return { seeded: true, counts: countRows(rows) };
}
