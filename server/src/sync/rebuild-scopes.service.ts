import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { listSiteCountingRows } from '../domains/counting/count-documents.service';
import { listSiteForecastRows } from '../domains/forecasting/forecast-replication';
import { listSiteStockLevels } from '../domains/inventory/stock-levels.service';
import { refreshFinanceScope } from '../domains/working-capital/finance-scope.service';
import { CATALOG_SCOPE, FINANCE_SCOPE, siteScope } from './scopes';
import { stableJson } from './stable-json';
import { itemRow, locationRow, siteRow, stockLevelRow } from './sync-documents';
import { listItemsWithBarcodes, listSiteIds, listTenantIds, readSiteWithLocations } from './sync-documents.repo';
import { bumpScopeVersion, listLiveRows, listScopeNames, lockScope, upsertSyncRows, type SyncRowWrite } from './sync-rows.repo';

export interface RebuildResult {
  /** Rows written (changed, added or tombstoned) per scope; a scope already in step is absent. */
  changed: Record<string, number>;
}

/**
 * Builds `sync_rows` from the domain tables for every scope of a tenant: rows that differ or are
 * new get the scope's next version, rows that vanished become tombstones, and a scope already in
 * step is left alone, so running it twice changes nothing.
 */
export async function rebuildScopes(db: Kysely<Database>, tenantId: string): Promise<RebuildResult> {
  const siteIds = await listSiteIds(db, tenantId);
  const scopes = new Set([CATALOG_SCOPE, FINANCE_SCOPE, ...siteIds.map(siteScope), ...(await listScopeNames(db, tenantId))]);
  const changed: Record<string, number> = {};
  for (const scope of [...scopes].sort()) {
    // The finance scope is derived (documents, the stock ledger valued): its own service rebuilds it.
    const written = scope === FINANCE_SCOPE ? await refreshFinanceScope(db, tenantId) : await rebuildScope(db, tenantId, scope);
    if (written > 0) changed[scope] = written;
  }
  return { changed };
}

async function rebuildScope(db: Kysely<Database>, tenantId: string, scope: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Lock first: a movement committing meanwhile must not be overwritten with an older balance.
    await lockScope(trx, tenantId, scope);
    const wanted = new Map((await documentsOf(trx, tenantId, scope)).map((r) => [`${r.entity}\u0000${r.id}`, r]));
    const writes: SyncRowWrite[] = [];
    for (const live of await listLiveRows(trx, tenantId, scope)) {
      const key = `${live.entity}\u0000${live.id}`;
      const doc = wanted.get(key);
      if (!doc) writes.push({ entity: live.entity, id: live.id, data: null });
      else if (stableJson(doc.data) !== stableJson(live.data)) writes.push(doc);
      wanted.delete(key);
    }
    // A document that is null (a zero balance) and has no live row needs no tombstone.
    writes.push(...[...wanted.values()].filter((doc) => doc.data !== null));
    if (writes.length === 0) return 0;
    const version = await bumpScopeVersion(trx, tenantId, scope);
    await upsertSyncRows(trx, tenantId, scope, version, writes);
    return writes.length;
  });
}

async function documentsOf(trx: Transaction<Database>, tenantId: string, scope: string): Promise<SyncRowWrite[]> {
  if (scope === CATALOG_SCOPE) {
    return (await listItemsWithBarcodes(trx, tenantId)).map(({ item, barcodes }) => itemRow(item, barcodes));
  }
  const siteId = scope.slice('site:'.length);
  const { site, locations } = await readSiteWithLocations(trx, tenantId, siteId);
  if (!site) return [];
  return [
    siteRow(site),
    ...locations.map(locationRow),
    ...(await listSiteStockLevels(trx, tenantId, siteId)).map(stockLevelRow),
    ...(await listSiteCountingRows(trx, tenantId, siteId)),
    ...(await listSiteForecastRows(trx, tenantId, siteId)),
  ];
}

/** `rebuildScopes` for every tenant; the start and the CLI run it after seeding. */
export async function rebuildAllScopes(db: Kysely<Database>): Promise<Record<string, RebuildResult>> {
  const results: Record<string, RebuildResult> = {};
  for (const tenantId of await listTenantIds(db)) results[tenantId] = await rebuildScopes(db, tenantId);
  return results;
}
