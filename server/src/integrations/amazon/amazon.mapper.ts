import type { SpApiInventorySummary, SpApiOrder } from './sp-api.schemas';

/** An Amazon order as a `channel_orders` row (without the ids the repo adds). */
export interface AmazonOrderRow {
  externalId: string;
  number: string;
  status: string;
  currency: string;
  totalMinor: number;
  feesMinor: number;
  orderedAt: Date;
  externalUpdatedAt: Date;
}

/** An FBA inventory summary as an `external_stock_levels` row (item matched later by SKU). */
export interface AmazonStockRow {
  sku: string;
  locationRef: string;
  available: number;
  onHand: number;
  externalUpdatedAt: Date;
}

// Each marketplace sells in one currency: what an order without an OrderTotal (Pending) is in.
const MARKETPLACE_CURRENCY: Readonly<Record<string, string>> = {
  ATVPDKIKX0DER: 'USD', A2EUQ1WTGCTBG2: 'CAD', A1AM78C64UM0Y8: 'MXN', A2Q3Y263D00KWC: 'BRL',
  A1PA6795UKMFR9: 'EUR', A1RKKUPIHCS9HS: 'EUR', A13V1IB3VIYZZH: 'EUR', APJ6JRA9NG5V4: 'EUR', A1805IZSGTT6HS: 'EUR', AMEN7PMS3EDWL: 'EUR',
  A1F83G8C2ARO7P: 'GBP', A2NODRKZP88ZB9: 'SEK', A1C3SOZRARQ6R3: 'PLN', A33AVAJ2PDY3EV: 'TRY', A21TJRUUN4KGV: 'INR',
  A1VC38T7YXB528: 'JPY', A39IBJ37TRP1C6: 'AUD', A19VAU5U5O7RUS: 'SGD', A2VIGQ35RCS4UG: 'AED', A17E79C6D8DWNP: 'SAR',
};

export function marketplaceCurrency(marketplaceId: string | undefined): string | undefined {
  return marketplaceId ? MARKETPLACE_CURRENCY[marketplaceId] : undefined;
}

/** How many minor units a currency has (EUR 2, JPY 0, KWD 3), as ISO 4217 says through Intl. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `"12.50"` EUR → 1250, `"1000"` JPY → 1000; exact (no floating point), half away from zero. */
export function toMinorUnits(amount: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const digits = minorDigits(currency);
  const padded = fraction.padEnd(digits + 1, '0');
  const roundUp = (padded[digits] ?? '0') >= '5' ? 1 : 0;
  const units = Number(`${whole}${padded.slice(0, digits)}`) + roundUp;
  return sign === '-' && units !== 0 ? -units : units;
}

/**
 * Orders v0 → `channel_orders`. Fees are an ESTIMATE: Orders v0 carries no referral or FBA fees
 * (Amazon books them later, in the Finances API), so we apply the integration's `feeRatePct` to
 * the order total until real fees are synced.
 */
export function mapAmazonOrder(order: SpApiOrder, options: { feeRatePct: number; fallbackCurrency: string }): AmazonOrderRow {
  const currency = order.OrderTotal?.CurrencyCode ?? marketplaceCurrency(order.MarketplaceId) ?? options.fallbackCurrency;
  const totalMinor = order.OrderTotal ? toMinorUnits(order.OrderTotal.Amount, currency) : 0;
  return {
    externalId: order.AmazonOrderId,
    number: order.AmazonOrderId,
    status: order.OrderStatus,
    currency,
    totalMinor,
    feesMinor: totalMinor > 0 ? Math.round((totalMinor * options.feeRatePct) / 100) : 0,
    orderedAt: new Date(order.PurchaseDate),
    externalUpdatedAt: new Date(order.LastUpdateDate),
  };
}

/** FBA inventory summary → `external_stock_levels`: fulfillable is what can be sold now; total is on hand. */
export function mapInventorySummary(summary: SpApiInventorySummary, marketplaceId: string, seenAt: Date): AmazonStockRow {
  return {
    sku: summary.sellerSku,
    locationRef: marketplaceId,
    available: summary.inventoryDetails.fulfillableQuantity,
    onHand: summary.totalQuantity,
    externalUpdatedAt: summary.lastUpdatedTime ? new Date(summary.lastUpdatedTime) : seenAt,
  };
}
