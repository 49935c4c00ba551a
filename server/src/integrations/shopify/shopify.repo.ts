import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Integration } from '../integrations.repo';
import type { ChannelOrderRecord, StockLevelRecord } from './shopify.mapper';

type Owner = Pick<Integration, 'id' | 'tenant_id'>;

/** The integration a delivery's `X-Shopify-Shop-Domain` names (the first connected, if two tenants share a store). */
export async function findShopifyStore(db: Kysely<Database>, shop: string): Promise<Integration | undefined> {
  return db.selectFrom('integrations').selectAll()
    .where('vendor', '=', 'shopify').where('name', '=', shop.trim().toLowerCase())
    .orderBy('created_at').orderBy('id').limit(1)
    .executeTakeFirst();
}

/**
 * Inserts or updates one order and its lines, keyed on (integration, Shopify id). A row already
 * holding a newer `updated_at` is left alone, so a stale delivery or page never overwrites what
 * a later one brought; the lines are replaced only with the order. True when it was written.
 */
export async function upsertShopifyOrder(db: Kysely<Database>, owner: Owner, order: ChannelOrderRecord): Promise<boolean> {
  const written = await db.insertInto('channel_orders')
    .values({
      id: `cho_${randomUUID()}`, tenant_id: owner.tenant_id, integration_id: owner.id, channel: 'shopify', external_id: order.externalId,
      number: order.number, status: order.status, currency: order.currency, total_minor: order.totalMinor, fees_minor: order.feesMinor,
      ordered_at: order.orderedAt, external_updated_at: order.externalUpdatedAt,
    })
    .onConflict((oc) => oc.columns(['integration_id', 'external_id'])
      .doUpdateSet((eb) => ({
        number: eb.ref('excluded.number'), status: eb.ref('excluded.status'), currency: eb.ref('excluded.currency'),
        total_minor: eb.ref('excluded.total_minor'), fees_minor: eb.ref('excluded.fees_minor'), ordered_at: eb.ref('excluded.ordered_at'),
        external_updated_at: eb.ref('excluded.external_updated_at'), imported_at: new Date(),
      }))
      // Newer wins. Shopify's times have whole seconds, so at an equal time a changed order (two
      // edits in one second) still wins, while a redelivery of the same version writes nothing.
      .where((eb) => eb.or([
        eb('channel_orders.external_updated_at', '<', eb.ref('excluded.external_updated_at')),
        eb.and([
          eb('channel_orders.external_updated_at', '=', eb.ref('excluded.external_updated_at')),
          sql<boolean>`(channel_orders.number, channel_orders.status, channel_orders.currency, channel_orders.total_minor, channel_orders.fees_minor)
            is distinct from (excluded.number, excluded.status, excluded.currency, excluded.total_minor, excluded.fees_minor)`,
        ]),
      ])))
    .returning('id')
    .executeTakeFirst();
  if (!written) return false;
  await db.deleteFrom('channel_order_lines').where('order_id', '=', written.id).execute();
  if (order.lines.length > 0) {
    await db.insertInto('channel_order_lines').values(order.lines.map((line) => ({
      tenant_id: owner.tenant_id, order_id: written.id, line_id: line.lineId, sku: line.sku, item_id: line.itemId,
      quantity: line.quantity, price_minor: line.priceMinor,
    }))).execute();
  }
  return true;
}

/** Inserts or updates stock levels keyed on (integration, SKU, location); an older level never wins. Returns how many were written. */
export async function upsertShopifyStockLevels(db: Kysely<Database>, owner: Owner, levels: StockLevelRecord[]): Promise<number> {
  if (levels.length === 0) return 0;
  // One statement may not touch a row twice: the newest level per key goes in.
  const newest = new Map<string, StockLevelRecord>();
  for (const level of levels) {
    const key = `${level.sku}\u0000${level.locationRef}`;
    const seen = newest.get(key);
    if (!seen || seen.externalUpdatedAt <= level.externalUpdatedAt) newest.set(key, level);
  }
  const written = await db.insertInto('external_stock_levels')
    .values([...newest.values()].map((level) => ({
      tenant_id: owner.tenant_id, integration_id: owner.id, sku: level.sku, location_ref: level.locationRef, item_id: level.itemId,
      available: level.available, on_hand: null, external_updated_at: level.externalUpdatedAt,
    })))
    .onConflict((oc) => oc.columns(['integration_id', 'sku', 'location_ref'])
      .doUpdateSet((eb) => ({ item_id: eb.ref('excluded.item_id'), available: eb.ref('excluded.available'), external_updated_at: eb.ref('excluded.external_updated_at') }))
      .whereRef('external_stock_levels.external_updated_at', '<=', 'excluded.external_updated_at'))
    .returning('sku')
    .execute();
  return written.length;
}

/** Our item id for each of `skus` found in the tenant's catalogue. */
export async function itemIdsBySku(db: Kysely<Database>, tenantId: string, skus: string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await db.selectFrom('items').select(['id', 'sku']).where('tenant_id', '=', tenantId).where('sku', 'in', skus).execute();
  return new Map(rows.map((row) => [row.sku, row.id]));
}
