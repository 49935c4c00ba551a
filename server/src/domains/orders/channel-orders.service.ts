import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { badRequest } from '../../errors/app.error';
import { selectLines, selectOrders, type Channel, type LineRow, type OrderRow } from './channel-orders.repo';

// The orders the sales channels (Shopify stores, Amazon seller accounts) brought in, for people
// allowed to view orders: newest first, a page at a time. Money in integer minor units.

export const DEFAULT_ORDERS_PAGE = 50;
export const MAX_ORDERS_PAGE = 200;

export interface ChannelOrderView {
  id: string;
  channel: Channel;
  /** The store domain or seller account it came from. */
  store: string;
  externalId: string;
  number: string;
  status: string;
  currency: string;
  totalMinor: number;
  /** What the channel takes (its fee rate on the total, plus any fixed fee). */
  feesMinor: number;
  orderedAt: string;
  updatedAt: string;
  lines: { lineId: string; sku: string | null; itemId: string | null; quantity: string; priceMinor: number }[];
}

export interface OrdersPage {
  orders: ChannelOrderView[];
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export async function listChannelOrders(
  db: Kysely<Database>, tenantId: string, query: { channel?: Channel; limit?: number; cursor?: string } = {},
): Promise<OrdersPage> {
  const limit = query.limit ?? DEFAULT_ORDERS_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ORDERS_PAGE) throw badRequest(`limit must be a whole number from 1 to ${MAX_ORDERS_PAGE} (got ${limit}).`);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  return withTenantScope(db, tenantId, async (trx) => {
    const rows = await selectOrders(trx, tenantId, { channel: query.channel, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const lines = await selectLines(trx, tenantId, page.map((row) => row.id));
    const last = page[page.length - 1];
    return {
      orders: page.map((row) => view(row, lines.filter((line) => line.order_id === row.id))),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  });
}

function view(row: OrderRow, lines: LineRow[]): ChannelOrderView {
  return {
    id: row.id, channel: row.channel, store: row.store, externalId: row.external_id, number: row.number, status: row.status,
    currency: row.currency, totalMinor: Number(row.total_minor), feesMinor: Number(row.fees_minor),
    orderedAt: row.ordered_at.toISOString(), updatedAt: row.external_updated_at.toISOString(),
    lines: lines.map((l) => ({ lineId: l.line_id, sku: l.sku, itemId: l.item_id, quantity: String(l.quantity), priceMinor: Number(l.price_minor) })),
  };
}

function encodeCursor(row: OrderRow): string {
  return Buffer.from(JSON.stringify([row.ordered_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { orderedAt: Date; id: string } {
  try {
    const [orderedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof orderedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(orderedAt))) return { orderedAt: new Date(orderedAt), id };
  } catch {
    // Falls through to the refusal below.
  }
  throw badRequest('This orders cursor is not one we handed out; start again without it.');
}
