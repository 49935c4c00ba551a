import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function findLocation(db: Db, tenantId: string, locationId: string) {
  return db.selectFrom('locations').select(['id', 'site_id', 'code']).where('tenant_id', '=', tenantId).where('id', '=', locationId).executeTakeFirst();
}

export async function findItem(db: Db, tenantId: string, itemId: string) {
  return db.selectFrom('items').select(['id', 'sku', 'cost_minor']).where('tenant_id', '=', tenantId).where('id', '=', itemId).executeTakeFirst();
}

export async function movementExists(db: Db, tenantId: string, movementId: string): Promise<boolean> {
  const row = await db.selectFrom('stock_movements').select('id').where('tenant_id', '=', tenantId).where('movement_id', '=', movementId).executeTakeFirst();
  return row !== undefined;
}

export interface NewMovement {
  movementId: string; tenantId: string; siteId: string; locationId: string; itemId: string;
  kind: string; signedQuantity: number; unitCostMinor: string; reference: string | null;
}

/** Inserts the movement unless its movementId is already in the ledger; true when inserted. */
export async function insertMovement(db: Db, m: NewMovement): Promise<boolean> {
  const rows = await db.insertInto('stock_movements').values({
    movement_id: m.movementId, tenant_id: m.tenantId, site_id: m.siteId, location_id: m.locationId, item_id: m.itemId,
    kind: m.kind, quantity: m.signedQuantity, unit_cost_minor: m.unitCostMinor, occurred_at: new Date(), reference: m.reference,
  }).onConflict((oc) => oc.columns(['tenant_id', 'movement_id']).doNothing()).returning('id').execute();
  return rows.length > 0;
}
