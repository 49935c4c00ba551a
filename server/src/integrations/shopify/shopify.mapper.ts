import { IntegrationError } from '../integration-error';
import { channelFeeMinor, moneyToMinor } from './shopify-money';
import type { ShopifyInventoryLevel, ShopifyOrder, ShopifySettings } from './shopify.schemas';

// Shopify's orders and inventory levels in our terms: channel orders with their lines (items
// matched by SKU in the tenant's catalogue) and the fees the channel takes, and external stock
// levels per location. Pure: the repo writes what comes out.

export interface ChannelOrderRecord {
  externalId: string;
  /** What people call the order (`#1001`). */
  number: string;
  status: string;
  currency: string;
  totalMinor: bigint;
  feesMinor: bigint;
  orderedAt: Date;
  externalUpdatedAt: Date;
  lines: { lineId: string; sku: string | null; itemId: string | null; quantity: number; priceMinor: bigint }[];
}

export interface StockLevelRecord {
  sku: string;
  /** The Shopify location id. */
  locationRef: string;
  itemId: string | null;
  available: number;
  externalUpdatedAt: Date;
}

export type FeeSettings = Pick<ShopifySettings, 'feeRatePct' | 'feeFixedMinor'>;

/**
 * One status a person reads: `cancelled`, else the payment state and the fulfilment state
 * (`paid/unfulfilled`, `partially_refunded/fulfilled`, `pending/partial`).
 */
export function orderStatus(order: Pick<ShopifyOrder, 'cancelledAt' | 'financialStatus' | 'fulfillmentStatus'>): string {
  if (order.cancelledAt) return 'cancelled';
  return `${order.financialStatus ?? 'unknown'}/${order.fulfillmentStatus ?? 'unfulfilled'}`;
}

export function mapShopifyOrder(order: ShopifyOrder, fees: FeeSettings, itemIdBySku: ReadonlyMap<string, string>): ChannelOrderRecord {
  const minor = (amount: string, what: string) => {
    try {
      return moneyToMinor(amount, order.currency);
    } catch (error) {
      throw new IntegrationError('shopify', 'bad_payload', `Shopify order ${order.name} has ${what} we cannot read: ${(error as Error).message}`);
    }
  };
  const totalMinor = minor(order.totalPrice, 'a total');
  return {
    externalId: order.id,
    number: order.name,
    status: orderStatus(order),
    currency: order.currency,
    totalMinor,
    feesMinor: channelFeeMinor(totalMinor, fees.feeRatePct, BigInt(fees.feeFixedMinor)),
    orderedAt: new Date(order.createdAt),
    externalUpdatedAt: new Date(order.updatedAt),
    lines: order.lineItems.map((line) => ({
      lineId: line.id,
      sku: line.sku,
      itemId: line.sku ? (itemIdBySku.get(line.sku) ?? null) : null,
      quantity: line.quantity,
      priceMinor: minor(line.price, `a price on line ${line.id}`),
    })),
  };
}

/**
 * A level we can keep: one whose item has a SKU (the key of external stock levels) and whose
 * quantity Shopify tracks (`available` null means it does not). Null otherwise.
 */
export function mapInventoryLevel(level: ShopifyInventoryLevel, itemIdBySku: ReadonlyMap<string, string>): StockLevelRecord | null {
  if (!level.sku || level.available === null) return null;
  return {
    sku: level.sku,
    locationRef: level.locationId,
    itemId: itemIdBySku.get(level.sku) ?? null,
    available: level.available,
    externalUpdatedAt: new Date(level.updatedAt),
  };
}

/** Every SKU the orders mention, for one catalogue look-up. */
export function skusOf(orders: ShopifyOrder[]): string[] {
  return [...new Set(orders.flatMap((o) => o.lineItems.map((l) => l.sku)).filter((sku): sku is string => Boolean(sku)))];
}
