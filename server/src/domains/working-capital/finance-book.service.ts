import type { FinanceContact, FinanceDocument, FinanceProfile, FxRate, InventoryMonth, PlannedPurchaseDocument, SalesOutlook } from '@capliquify/shared';
import { inventoryThrough, prepareFinanceBook, type FinanceBook, type FinanceData } from '@capliquify/shared/finance/index';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { notFound } from '../../errors/app.error';
import { FINANCE_SCOPE } from '../../sync/scopes';

// The server answers from the finance scope's replicated documents, not from the tables behind
// them: a finance workstation offline and the server online then compute from the same data with
// the same engine, and agree to the unit. The prepared book is kept per tenant until the scope's
// version (or epoch) moves.

export interface LoadedFinance {
  book: FinanceBook;
  data: FinanceData;
  profile: FinanceProfile | null;
  /** `epoch:version` of the finance scope the book was read at. */
  version: string;
}

type Cache = Map<string, { version: string; loaded: Promise<LoadedFinance> }>;
const caches = new WeakMap<Kysely<Database>, Cache>();

async function scopeVersion(db: Kysely<Database>, tenantId: string): Promise<string> {
  const row = await db.selectFrom('sync_scopes').select(['epoch', 'version']).where('tenant_id', '=', tenantId).where('scope', '=', FINANCE_SCOPE).executeTakeFirst();
  return row ? `${row.epoch}:${row.version}` : 'none';
}

async function read(db: Kysely<Database>, tenantId: string, version: string): Promise<LoadedFinance> {
  const tenant = await db.selectFrom('tenants').select('base_currency').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw notFound(`No tenant "${tenantId}".`);
  const rows = await db.selectFrom('sync_rows').select(['entity', 'data'])
    .where('tenant_id', '=', tenantId).where('scope', '=', FINANCE_SCOPE).where('deleted', '=', false).execute();
  const contacts: FinanceContact[] = [], documents: FinanceDocument[] = [], fxRates: FxRate[] = [], inventoryMonths: InventoryMonth[] = [];
  const plannedPurchases: PlannedPurchaseDocument[] = [];
  let profile: FinanceProfile | null = null, salesOutlook: SalesOutlook | null = null;
  // Our own writes in the shared shapes (finance-replication.ts): read as they are.
  for (const { entity, data } of rows) {
    if (entity === 'finance_contact') contacts.push(data as unknown as FinanceContact);
    else if (entity === 'finance_document') documents.push(data as unknown as FinanceDocument);
    else if (entity === 'fx_rate') fxRates.push(data as unknown as FxRate);
    else if (entity === 'inventory_month') inventoryMonths.push(data as unknown as InventoryMonth);
    else if (entity === 'finance_profile') profile = data as unknown as FinanceProfile;
    else if (entity === 'planned_purchase') plannedPurchases.push(data as unknown as PlannedPurchaseDocument);
    else if (entity === 'sales_outlook') salesOutlook = data as unknown as SalesOutlook;
  }
  const data: FinanceData = {
    baseCurrency: profile?.baseCurrency ?? tenant.base_currency.trim(),
    contacts, documents, fxRates, inventoryMonths, plannedPurchases, salesOutlook,
    ...(inventoryThrough(profile, inventoryMonths) ?? {}),
  };
  return { book: prepareFinanceBook(data), data, profile, version };
}


/** The tenant's finance data and its prepared book, read once per version of the finance scope. */
export async function loadFinance(db: Kysely<Database>, tenantId: string): Promise<LoadedFinance> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = await scopeVersion(db, tenantId);
  const cached = cache.get(tenantId);
  if (cached?.version === version) return cached.loaded;
  const loaded = read(db, tenantId, version);
  cache.set(tenantId, { version, loaded });
  // A failed read must not stay cached.
  loaded.catch(() => { if (cache.get(tenantId)?.loaded === loaded) cache.delete(tenantId); });
  return loaded;
}
