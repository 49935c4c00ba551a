import type { Kysely, Transaction } from 'kysely';
import type { CountSession } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

export interface FreezeRow { locationId: string; itemId: string; onHand: number; costMinor: number }

/**
 * What starting a session freezes, as the replica sees it: every item with a non-zero balance in
 * the locations (full count), or every listed item in every location, zero balances included
 * (cycle count). Items the replica does not hold are left out, as the server leaves out unknown ones.
 */
export async function listFreezeRows(db: Db, locationIds: readonly string[], itemIds: readonly string[] | null): Promise<FreezeRow[]> {
  if (locationIds.length === 0) return [];
  if (itemIds === null) {
    const rows = await db.selectFrom('stock_levels').innerJoin('items', 'items.id', 'stock_levels.item_id')
      .select(['stock_levels.location_id', 'stock_levels.item_id', 'stock_levels.on_hand', 'items.cost_minor'])
      .where('stock_levels.location_id', 'in', [...locationIds]).where('stock_levels.on_hand', '!=', 0)
      .execute();
    return rows.map((r) => ({ locationId: r.location_id, itemId: r.item_id, onHand: Number(r.on_hand), costMinor: Number(r.cost_minor) }));
  }
  const items = await db.selectFrom('items').select(['id', 'cost_minor']).where('id', 'in', [...itemIds]).execute();
  const levels = await db.selectFrom('stock_levels').select(['location_id', 'item_id', 'on_hand'])
    .where('location_id', 'in', [...locationIds]).where('item_id', 'in', [...itemIds]).execute();
  const onHand = new Map(levels.map((l) => [`${l.location_id}|${l.item_id}`, Number(l.on_hand)]));
  return locationIds.flatMap((locationId) => items.map((i) => ({
    locationId, itemId: i.id, onHand: onHand.get(`${locationId}|${i.id}`) ?? 0, costMinor: Number(i.cost_minor),
  })));
}

/** Sessions of a site whose expected quantities still follow the ledger (counting or submitted). */
export async function listOpenSessions(db: Db, siteId: string): Promise<CountSession[]> {
  const rows = await db.selectFrom('count_sessions').select('data')
    .where('site_id', '=', siteId).where('status', 'in', ['counting', 'submitted']).execute();
  return rows.map((r) => JSON.parse(r.data) as CountSession);
}

export async function listSessionExpectedIds(db: Db, sessionId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('count_expected').select('id').where('session_id', '=', sessionId).execute();
  return new Set(rows.map((r) => r.id));
}

export async function itemCost(db: Db, itemId: string): Promise<number | null> {
  const row = await db.selectFrom('items').select('cost_minor').where('id', '=', itemId).executeTakeFirst();
  return row ? Number(row.cost_minor) : null;
}
