import { sql } from 'kysely';
import type { Db } from '../import-kind';

/** Location ids by `<siteId>|<CODE>` for these codes (matched without regard to case). */
export async function findLocations(db: Db, tenantId: string, wanted: { siteId: string; code: string }[]): Promise<Map<string, string>> {
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('locations').select(['id', 'site_id', 'code']).where('tenant_id', '=', tenantId)
    .where('site_id', 'in', [...new Set(wanted.map((w) => w.siteId))])
    .where(sql<string>`upper(code)`, 'in', [...new Set(wanted.map((w) => w.code.toUpperCase()))])
    .execute();
  return new Map(rows.map((r) => [`${r.site_id}|${r.code.toUpperCase()}`, r.id]));
}

/** On hand per `<locationId>|<itemId>` from the ledger, for these pairs (absent means 0). */
export async function readOnHand(db: Db, tenantId: string, pairs: { locationId: string; itemId: string }[]): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const rows = await db.selectFrom('stock_movements').select(['location_id', 'item_id', sql<string>`sum(quantity)`.as('on_hand')])
    .where('tenant_id', '=', tenantId)
    .where('location_id', 'in', [...new Set(pairs.map((p) => p.locationId))])
    .where('item_id', 'in', [...new Set(pairs.map((p) => p.itemId))])
    .groupBy(['location_id', 'item_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.location_id}|${r.item_id}`, Number(r.on_hand)]));
}
