import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface MovementTarget {
  location: { site_id: string; code: string } | null;
  item: { sku: string; cost_minor: string } | null;
  /** The signed sum of the item's ledger at the location. */
  onHand: number;
  /** Open reservations of the item at the location. */
  allocated: number;
  /** A count session is open (counting or submitted) at the location's site and lists the location. */
  openCount: boolean;
}

/** The location, the item and the current on-hand of a movement, in one round trip. */
export async function readMovementTarget(db: Db, tenantId: string, locationId: string, itemId: string): Promise<MovementTarget> {
  const row = await db.selectNoFrom((eb) => [
    jsonObjectFrom(eb.selectFrom('locations').select(['site_id', 'code']).where('tenant_id', '=', tenantId).where('id', '=', locationId)).as('location'),
    // cost_minor is int8: as text it keeps every digit through JSON.
    jsonObjectFrom(eb.selectFrom('items').select(['sku', sql<string>`cost_minor::text`.as('cost_minor')]).where('tenant_id', '=', tenantId).where('id', '=', itemId)).as('item'),
    eb.selectFrom('stock_movements').select(sql<string | null>`sum(quantity)`.as('s'))
      .where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('item_id', '=', itemId).as('on_hand'),
    eb.selectFrom('stock_allocations').select(sql<string | null>`sum(quantity)`.as('s'))
      .where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('item_id', '=', itemId).where('released_at', 'is', null).as('allocated'),
    // Most movements happen with no count open: answered here, the ledger skips a round trip then.
    sql<boolean>`exists (select 1 from count_sessions s where s.tenant_id = ${tenantId} and s.status in ('counting', 'submitted')
      and s.location_ids @> jsonb_build_array(${locationId}::text))`.as('open_count'),
  ]).executeTakeFirstOrThrow();
  return { location: row.location, item: row.item, onHand: Number(row.on_hand ?? 0), allocated: Number(row.allocated ?? 0), openCount: row.open_count };
}

export async function movementExists(db: Db, tenantId: string, movementId: string): Promise<boolean> {
  const row = await db.selectFrom('stock_movements').select('id').where('tenant_id', '=', tenantId).where('movement_id', '=', movementId).executeTakeFirst();
  return row !== undefined;
}

export interface NewMovement {
  movementId: string; tenantId: string; siteId: string; locationId: string; itemId: string;
  kind: string; signedQuantity: number; unitCostMinor: string; reference: string | null;
}

/**
 * Inserts the movement unless its movementId is already in the ledger (one round trip for both).
 * Returns the quantity as stored (numeric(18, 4) rounds it), or null when it was already posted.
 */
export async function insertMovement(db: Db, m: NewMovement): Promise<number | null> {
  const rows = await db.insertInto('stock_movements').values({
    movement_id: m.movementId, tenant_id: m.tenantId, site_id: m.siteId, location_id: m.locationId, item_id: m.itemId,
    kind: m.kind, quantity: m.signedQuantity, unit_cost_minor: m.unitCostMinor, occurred_at: new Date(), reference: m.reference,
  }).onConflict((oc) => oc.columns(['tenant_id', 'movement_id']).doNothing()).returning('quantity').execute();
  return rows[0] ? Number(rows[0].quantity) : null;
}
