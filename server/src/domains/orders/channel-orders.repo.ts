import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export type Channel = 'shopify' | 'amazon';

export interface OrderRow {
  id: string; channel: Channel; store: string; external_id: string; number: string; status: string; currency: string;
  total_minor: string; fees_minor: string; ordered_at: Date; external_updated_at: Date;
}

export interface LineRow { order_id: string; line_id: string; sku: string | null; item_id: string | null; quantity: string; price_minor: string }

/** A page of the tenant's channel orders, newest first, after the (ordered_at, id) position `after`. */
export async function selectOrders(
  db: Kysely<Database>, tenantId: string, query: { channel?: Channel; limit: number; after?: { orderedAt: Date; id: string } },
): Promise<OrderRow[]> {
  let select = db.selectFrom('channel_orders as o')
    .innerJoin('integrations as i', 'i.id', 'o.integration_id')
    .select(['o.id', 'o.channel', 'i.name as store', 'o.external_id', 'o.number', 'o.status', 'o.currency', 'o.total_minor', 'o.fees_minor', 'o.ordered_at', 'o.external_updated_at'])
    .where('o.tenant_id', '=', tenantId);
  if (query.channel) select = select.where('o.channel', '=', query.channel);
  const after = query.after;
  if (after) select = select.where((eb) => eb(eb.refTuple('o.ordered_at', 'o.id'), '<', eb.tuple(after.orderedAt, after.id)));
  return select.orderBy('o.ordered_at', 'desc').orderBy('o.id', 'desc').limit(query.limit).execute();
}

export async function selectLines(db: Kysely<Database>, tenantId: string, orderIds: string[]): Promise<LineRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('channel_order_lines')
    .select(['order_id', 'line_id', 'sku', 'item_id', 'quantity', 'price_minor'])
    .where('tenant_id', '=', tenantId).where('order_id', 'in', orderIds)
    .orderBy('order_id').orderBy('line_id')
    .execute();
}
