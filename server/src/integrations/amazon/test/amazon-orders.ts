import type { SpApiInventorySummary, SpApiOrder } from '../sp-api.schemas';

export const DE = 'A1PA6795UKMFR9';
export const US = 'ATVPDKIKX0DER';

/** Order number `n`, last updated `updatedAt`, in the marketplace given (amazon.de by default). */
export function amazonOrder(n: number, updatedAt: Date, overrides: Partial<SpApiOrder> = {}): SpApiOrder {
  const id = `302-${String(1_000_000 + n)}-${String(7_000_000 + n)}`;
  return {
    AmazonOrderId: id,
    PurchaseDate: new Date(updatedAt.getTime() - 3_600_000).toISOString(),
    LastUpdateDate: updatedAt.toISOString(),
    OrderStatus: 'Unshipped',
    FulfillmentChannel: n % 2 === 0 ? 'AFN' : 'MFN',
    MarketplaceId: DE,
    OrderTotal: { CurrencyCode: 'EUR', Amount: `${10 + (n % 90)}.50` },
    ...overrides,
  };
}

/** `count` orders updated one minute apart, the last `endsAgoMs` before `now`. */
export function amazonOrders(count: number, now: number, endsAgoMs = 3_600_000, first = 0): SpApiOrder[] {
  return Array.from({ length: count }, (_, i) => amazonOrder(first + i, new Date(now - endsAgoMs - (count - 1 - i) * 60_000)));
}

export function summary(sellerSku: string, fulfillable: number, total: number, lastUpdatedTime = '2026-03-01T08:00:00Z'): SpApiInventorySummary {
  return {
    asin: `B0${sellerSku.replace(/\W/g, '').slice(0, 8).padEnd(8, '0')}`, fnSku: `X0${sellerSku.slice(0, 8)}`, sellerSku, condition: 'NewItem',
    totalQuantity: total, lastUpdatedTime,
    inventoryDetails: { fulfillableQuantity: fulfillable, inboundWorkingQuantity: 0, inboundShippedQuantity: 0, inboundReceivingQuantity: 0, reservedQuantity: { totalReservedQuantity: total - fulfillable } },
  };
}

export function summaries(count: number): SpApiInventorySummary[] {
  return Array.from({ length: count }, (_, i) => summary(`SKU-${String(i).padStart(4, '0')}`, i, i + 1));
}
