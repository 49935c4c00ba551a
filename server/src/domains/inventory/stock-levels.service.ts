import type { StockLevel } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { listSiteAllocated } from './stock-allocation.repo';
import { listSiteOnHand } from './stock-level.repo';

/** Every location and item of a site with stock on hand or reserved: on-hand from the ledger, allocated from open reservations. */
export async function listSiteStockLevels(db: Kysely<Database> | Transaction<Database>, tenantId: string, siteId: string): Promise<StockLevel[]> {
  const levels = new Map<string, StockLevel>();
  for (const l of await listSiteOnHand(db, tenantId, siteId)) {
    levels.set(`${l.location_id}|${l.item_id}`, { siteId, locationId: l.location_id, itemId: l.item_id, onHand: Number(l.on_hand) });
  }
  for (const a of await listSiteAllocated(db, tenantId, siteId)) {
    const key = `${a.location_id}|${a.item_id}`;
    const level = levels.get(key) ?? { siteId, locationId: a.location_id, itemId: a.item_id, onHand: 0 };
    levels.set(key, { ...level, allocated: Number(a.allocated) });
  }
  return [...levels.values()];
}
