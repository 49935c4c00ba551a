import type { Db } from '../import-kind';

// Look-ups every kind shares: the tenant's currency and sites, items by SKU.

export async function readTenantCurrency(db: Db, tenantId: string): Promise<string> {
  const row = await db.selectFrom('tenants').select('base_currency').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return row.base_currency.trim();
}

/** Site ids by code, upper-cased: codes are matched without regard to case. */
export async function readSiteCodes(db: Db, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sites').select(['id', 'code']).where('tenant_id', '=', tenantId).orderBy('code').execute();
  return new Map(rows.map((r) => [r.code.toUpperCase(), r.id]));
}

export interface ItemRef { id: string; sku: string; cost_minor: string }

/** The tenant's items with these SKUs (exact match: SKUs are case-sensitive, as the catalogue stores them). */
export async function findItemsBySku(db: Db, tenantId: string, skus: string[]): Promise<Map<string, ItemRef>> {
  if (skus.length === 0) return new Map();
  const rows = await db.selectFrom('items').select(['id', 'sku', 'cost_minor']).where('tenant_id', '=', tenantId).where('sku', 'in', skus).execute();
  return new Map(rows.map((r) => [r.sku, r]));
}
