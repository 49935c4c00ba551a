import type { PageInput, StockPage } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { decodeStockCursor, encodeStockCursor } from './stock-cursor';
import { listOnHandAfter } from './stock.repo';

/** One page of non-zero on-hand balances in (site, location, item) order. */
export async function getStockPage(db: Kysely<Database>, tenantId: string, page: PageInput): Promise<StockPage> {
  const after = page.after === null ? null : decodeStockCursor(page.after);
  const rows = await listOnHandAfter(db, tenantId, after, page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return {
    rows: pageRows.map((r) => ({ siteId: r.site_id, locationId: r.location_id, itemId: r.item_id, onHand: Number(r.on_hand) })),
    nextAfter: rows.length > page.limit && last
      ? encodeStockCursor({ siteId: last.site_id, locationId: last.location_id, itemId: last.item_id })
      : null,
  };
}
