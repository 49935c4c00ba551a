/**
 * Seeds the full demo into a fresh in-memory PGlite and prints how long it took and what it wrote.
 * Run: npx tsx server/src/domains/demo/measure-seed.ts [full|small]
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { migrateToLatest } from '../../db/migrate';
import { PGliteDialect } from '../../db/pglite.dialect';
import type { Database } from '../../db/schema';
import { generateDemo } from './generate-demo';
import { DEFAULT_DEMO_SEED, seedDemoData } from './seed-demo.service';

async function main(): Promise<void> {
  const size = process.argv[2] === 'small' ? 'small' : 'full';
  const generationStart = performance.now();
  generateDemo({ size, seed: DEFAULT_DEMO_SEED, endDate: '2025-06-30' });
  console.log(`generating alone takes ${((performance.now() - generationStart) / 1000).toFixed(1)} s`);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite()) });
  try {
    await migrateToLatest(db);
    const started = performance.now();
    const { counts } = await seedDemoData(db, { size, endDate: '2025-06-30', log: (msg) => console.log(`  ${msg}`) });
    const seconds = (performance.now() - started) / 1000;
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    console.log(`seeded ${size} demo into in-memory PGlite in ${seconds.toFixed(1)} s (generation included): ${total} rows`);
    for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(22)} ${n}`);
  } finally {
    await db.destroy();
  }
}

void main();
