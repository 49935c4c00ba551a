import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema';
import { targetKey } from './movement-plan';

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

/**
 * `readMovementTarget` for every distinct location and item of a run of movements, in one round
 * trip; keyed by `targetKey`.
 */
export async function readMovementTargets(db: Db, tenantId: string, pairs: readonly { locationId: string; itemId: string }[]): Promise<Map<string, MovementTarget>> {
  const distinct = new Map(pairs.map((p) => [targetKey(p.locationId, p.itemId), p]));
  const targets = new Map<string, MovementTarget>();
  if (distinct.size === 0) return targets;
  const wanted = sql.join([...distinct.values()].map((p) => sql`(${p.locationId}::text, ${p.itemId}::text)`));
  const { rows } = await sql<{
    location_id: string; item_id: string; location_site_id: string | null; location_code: string | null; sku: string | null; cost_minor: string | null;
    on_hand: string | null; allocated: string | null; open_count: boolean;
  }>`select t.location_id, t.item_id, l.site_id as location_site_id, l.code as location_code, i.sku, i.cost_minor::text as cost_minor,
      (select sum(m.quantity) from stock_movements m where m.tenant_id = ${tenantId} and m.location_id = t.location_id and m.item_id = t.item_id)::text as on_hand,
      (select sum(a.quantity) from stock_allocations a where a.tenant_id = ${tenantId} and a.location_id = t.location_id and a.item_id = t.item_id
        and a.released_at is null)::text as allocated,
      exists (select 1 from count_sessions s where s.tenant_id = ${tenantId} and s.status in ('counting', 'submitted')
        and s.location_ids @> jsonb_build_array(t.location_id)) as open_count
    from (values ${wanted}) as t(location_id, item_id)
    left join locations l on l.tenant_id = ${tenantId} and l.id = t.location_id
    left join items i on i.tenant_id = ${tenantId} and i.id = t.item_id`.execute(db);
  for (const row of rows) {
    targets.set(targetKey(row.location_id, row.item_id), {
      location: row.location_site_id === null ? null : { site_id: row.location_site_id, code: row.location_code ?? '' },
      item: row.sku === null ? null : { sku: row.sku, cost_minor: row.cost_minor ?? '0' },
      onHand: Number(row.on_hand ?? 0), allocated: Number(row.allocated ?? 0), openCount: row.open_count,
    });
  }
  return targets;
}

export async function movementExists(db: Db, tenantId: string, movementId: string): Promise<boolean> {
  const row = await db.selectFrom('stock_movements').select('id').where('tenant_id', '=', tenantId).where('movement_id', '=', movementId).executeTakeFirst();
  return row !== undefined;
}

/** Which of these movementIds the ledger already holds. */
export async function findPostedMovementIds(db: Db, tenantId: string, movementIds: readonly string[]): Promise<Set<string>> {
  if (movementIds.length === 0) return new Set();
  const rows = await db.selectFrom('stock_movements').select('movement_id').where('tenant_id', '=', tenantId).where('movement_id', 'in', [...new Set(movementIds)]).execute();
  return new Set(rows.map((r) => r.movement_id).filter((id): id is string => id !== null));
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

/**
 * Inserts movements in one statement, skipping movementIds already in the ledger. Returns the
 * quantity stored (numeric(18, 4) rounds it) per movementId inserted.
 */
export async function insertMovements(db: Db, movements: readonly NewMovement[]): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  if (movements.length === 0) return stored;
  const occurredAt = new Date();
  const rows = await db.insertInto('stock_movements').values(movements.map((m) => ({
    movement_id: m.movementId, tenant_id: m.tenantId, site_id: m.siteId, location_id: m.locationId, item_id: m.itemId,
    kind: m.kind, quantity: m.signedQuantity, unit_cost_minor: m.unitCostMinor, occurred_at: occurredAt, reference: m.reference,
  }))).onConflict((oc) => oc.columns(['tenant_id', 'movement_id']).doNothing()).returning(['movement_id', 'quantity']).execute();
  for (const row of rows) if (row.movement_id !== null) stored.set(row.movement_id, Number(row.quantity));
  return stored;
}
