import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The demo engineer's `seedDemoData` (domains/demo/seed-demo.service.ts), as start-up calls it. */
export type SeedDemoData = (
  db: Kysely<Database>,
  opts: { size: 'full' | 'small'; endDate?: string; log?: (msg: string) => void },
) => Promise<{ seeded: boolean; counts: Record<string, number> }>;

/** Loaded on first use so an API started with DEMO_DATA=none never loads the generator. */
export async function loadSeedDemoData(): Promise<SeedDemoData> {
  const { seedDemoData } = await import('../domains/demo/seed-demo.service');
  return seedDemoData;
}
