import type { FxRate } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { FINANCE_SCOPE } from '../../sync/scopes';
import { stableJson } from '../../sync/stable-json';
import { bumpScopeVersion, listLiveRows, lockScope, upsertSyncRows, type SyncRowWrite } from '../../sync/sync-rows.repo';
import { itemEconomics, plannedPurchaseDocuments, salesOutlookDocument } from './cash-plan-documents';
import { readItemForecasts, readItemPrices, readOpenPurchaseOrders } from './cash-plan.repo';
import { entitiesInUse, financeContacts, financeDocuments, financeProfile, fxRateDocuments } from './finance-documents';
import { hasFinanceData, readFinanceSource, readLedgerMovements } from './finance-ledger.repo';
import { financeContactRow, financeDocumentRow, financeProfileRow, fxRateRow, inventoryMonthRow, plannedPurchaseRow, salesOutlookRow } from './finance-replication';
import { inventoryMonths } from './inventory-months';

export interface FinanceRefreshOptions {
  /**
   * Also value the stock ledger into inventory months (the nightly job, `sync rebuild`); without
   * it (after a Xero sync) the months stay as they were and only contacts, documents and rates
   * are brought in step.
   */
  inventory?: boolean;
  /** The refresh's time: the profile's `asOf` when anything changed, and the last month valued. */
  now?: Date;
}

const key = (r: { entity: string; id: string }) => `${r.entity}\u0000${r.id}`;

/** Selling prices are read over the year before the refresh. */
const PRICE_WINDOW_DAYS = 365;

/** Open purchase orders and the sales outlook, as the cash forecast plans them. */
async function cashPlanRows(db: Transaction<Database>, tenantId: string, baseCurrency: string, fxRates: FxRate[], now: Date): Promise<SyncRowWrite[]> {
  const today = now.toISOString().slice(0, 10);
  const since = new Date(now.getTime() - PRICE_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  const orders = plannedPurchaseDocuments(await readOpenPurchaseOrders(db, tenantId));
  const outlook = salesOutlookDocument(await readItemForecasts(db, tenantId), itemEconomics(await readItemPrices(db, tenantId, since), baseCurrency, fxRates, today));
  return [...orders.map(plannedPurchaseRow), ...(outlook ? [salesOutlookRow(outlook)] : [])];
}

/**
 * Brings the tenant's finance scope in step with its books: documents that differ or are new get
 * the scope's next version, those that vanished become tombstones, and when anything changed the
 * profile's `asOf` moves to now, so a workstation can tell how fresh its figures are. Running it
 * twice changes nothing. A tenant that keeps no books here (and never did) is left without a
 * finance scope. Returns the rows written.
 */
export async function refreshFinanceScope(db: Kysely<Database>, tenantId: string, options: FinanceRefreshOptions = {}): Promise<number> {
  const withInventory = options.inventory ?? true;
  const now = options.now ?? new Date();
  if (!(await hasFinanceData(db, tenantId)) && (await listLiveRows(db, tenantId, FINANCE_SCOPE)).length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    // Lock first: a second refresh waits and then finds this one's rows, writing nothing twice.
    await lockScope(trx, tenantId, FINANCE_SCOPE);
    const source = await readFinanceSource(trx, tenantId);
    if (!source) return 0;
    const documents = financeDocuments(source);
    const wanted: SyncRowWrite[] = [
      ...financeContacts(source.customers, source.suppliers).map(financeContactRow),
      ...documents.map(financeDocumentRow),
      ...fxRateDocuments(source.fxRates).map(fxRateRow),
    ];
    wanted.push(...await cashPlanRows(trx, tenantId, source.baseCurrency.trim().toUpperCase(), fxRateDocuments(source.fxRates), now));
    if (withInventory) wanted.push(...inventoryMonths(await readLedgerMovements(trx, tenantId), now.toISOString().slice(0, 10)).map(inventoryMonthRow));
    const byKey = new Map(wanted.map((r) => [key(r), r]));
    const writes: SyncRowWrite[] = [];
    let profile: Record<string, unknown> | null = null;
    for (const live of await listLiveRows(trx, tenantId, FINANCE_SCOPE)) {
      if (live.entity === 'finance_profile') { profile = live.data; continue; }
      // Without the valuation the months are not this refresh's to judge.
      if (live.entity === 'inventory_month' && !withInventory) continue;
      const doc = byKey.get(key(live));
      if (!doc) writes.push({ entity: live.entity, id: live.id, data: null });
      else if (stableJson(doc.data) !== stableJson(live.data)) writes.push(doc);
      byKey.delete(key(live));
    }
    writes.push(...byKey.values());
    const base = financeProfile(source.baseCurrency, now, entitiesInUse(source.entities, documents));
    const sameSettings = profile?.baseCurrency === base.baseCurrency && stableJson(profile.entities ?? null) === stableJson(base.entities ?? null);
    if (writes.length > 0 || !sameSettings) writes.push(financeProfileRow(base));
    if (writes.length === 0) return 0;
    const version = await bumpScopeVersion(trx, tenantId, FINANCE_SCOPE);
    await upsertSyncRows(trx, tenantId, FINANCE_SCOPE, version, writes);
    return writes.length;
  });
}
