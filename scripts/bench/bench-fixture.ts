import { rebuildScopes, type Database } from '@capliquify/server';
import type { Kysely } from 'kysely';
import { insertItems, insertTenantSite, type BenchSite } from './bench-database.repo';

export const BENCH_SITE: BenchSite = { tenantId: 'tnt_bench', siteId: 'site_bench', locationIds: ['loc_b01', 'loc_b02', 'loc_b03', 'loc_b04'] };

export function itemId(n: number): string {
  return `itm_${String(n).padStart(6, '0')}`;
}

/**
 * A tenant, a site with four locations and `itemCount` items, then the replicated rows built the
 * way production builds them (`rebuildScopes`), so the `catalog` scope holds one row per item.
 */
export async function seedBenchData(db: Kysely<Database>, itemCount: number, log: (line: string) => void): Promise<Record<string, number>> {
  await insertTenantSite(db, BENCH_SITE);
  for (let at = 0; at < itemCount; at += 1_000) {
    const ids = Array.from({ length: Math.min(1_000, itemCount - at) }, (_, i) => itemId(at + i));
    await insertItems(db, BENCH_SITE, ids);
    if ((at + 1_000) % 25_000 === 0) log(`  inserted ${at + 1_000} items`);
  }
  const { changed } = await rebuildScopes(db, BENCH_SITE.tenantId);
  return changed;
}
