import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { enterTenantScope } from '../../db/tenant-scope';
import { PermanentJobError } from '../../jobs/job';
import { findIntegration, type Integration } from '../integrations.repo';
import type { ShopifyApi } from './shopify-api';
import { mapInventoryLevel, mapShopifyOrder } from './shopify.mapper';
import { itemIdsBySku, upsertShopifyOrder, upsertShopifyStockLevels } from './shopify.repo';
import { readShopify, restInventoryLevelSchema, restOrderSchema } from './shopify.schemas';
import { findDelivery, lockDelivery, markDeliveryProcessed } from './shopify-deliveries.repo';
import { shopifySettingsOf } from './shopify-stores.service';

// Applying one kept webhook delivery, exactly once in effect: the delivery row is locked, its
// effect written and the row marked processed in one transaction, so a second job for the same
// event (a redelivery's, a retried one's, another worker's) finds it done and changes nothing.

/** What a delivery came to: written, older than what we hold, already done, not ours to apply, or waiting. */
export type DeliveryOutcome = 'applied' | 'stale' | 'duplicate' | 'ignored' | 'paused';

const ORDER_TOPICS = new Set(['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled', 'orders/fulfilled', 'orders/partially_fulfilled']);
export const INVENTORY_TOPIC = 'inventory_levels/update';

type Effect = (trx: Transaction<Database>) => Promise<boolean>;

export async function processShopifyDelivery(
  db: Kysely<Database>, eventId: string, apiFor: (store: Integration) => Promise<ShopifyApi>,
): Promise<DeliveryOutcome> {
  const delivery = await findDelivery(db, eventId);
  if (!delivery) throw new PermanentJobError(`no Shopify delivery with event id ${eventId} is kept`);
  if (delivery.processed_at) return 'duplicate';
  const store = delivery.integration_id ? await findIntegration(db, delivery.integration_id) : undefined;
  // A paused store's deliveries wait, kept, until it is resumed (the hourly sweep picks them up).
  if (store && store.status !== 'active') return 'paused';
  // Read (and, for stock, asked of Shopify) before the transaction: no lock held across the network.
  const effect = store ? await effectOf(delivery.topic, delivery.payload, eventId, store, apiFor) : null;
  return db.transaction().execute(async (trx) => {
    const lock = await lockDelivery(trx, eventId);
    if (!lock || lock.processed) return 'duplicate';
    let outcome: DeliveryOutcome = 'ignored';
    if (effect && store) {
      await enterTenantScope(trx, store.tenant_id);
      outcome = (await effect(trx)) ? 'applied' : 'stale';
    }
    await markDeliveryProcessed(trx, eventId);
    return outcome;
  });
}

async function effectOf(topic: string, payload: unknown, eventId: string, store: Integration, apiFor: (store: Integration) => Promise<ShopifyApi>): Promise<Effect | null> {
  if (ORDER_TOPICS.has(topic)) {
    const order = readShopify(restOrderSchema, payload, `an order in ${topic} delivery ${eventId}`);
    const fees = shopifySettingsOf(store);
    return async (trx) => {
      const items = await itemIdsBySku(trx, store.tenant_id, order.lineItems.map((l) => l.sku).filter((s): s is string => Boolean(s)));
      return upsertShopifyOrder(trx, store, mapShopifyOrder(order, fees, items));
    };
  }
  if (topic === INVENTORY_TOPIC) {
    const level = readShopify(restInventoryLevelSchema, payload, `an inventory level in delivery ${eventId}`);
    if (level.available === null) return null; // Shopify no longer tracks the item's quantity there.
    // The delivery names the inventory item, not its SKU (our key): Shopify is asked.
    const sku = (await (await apiFor(store)).inventoryItemSkus([level.inventoryItemId])).get(level.inventoryItemId) ?? null;
    if (!sku) return null;
    return async (trx) => {
      const items = await itemIdsBySku(trx, store.tenant_id, [sku]);
      const record = mapInventoryLevel({ ...level, sku }, items);
      return record ? (await upsertShopifyStockLevels(trx, store, [record])) > 0 : false;
    };
  }
  return null;
}
