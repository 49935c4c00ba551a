import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../integration-error';
import { mapInventoryLevel, mapShopifyOrder, orderStatus, skusOf } from './shopify.mapper';
import { readShopify, restInventoryLevelSchema, restOrderSchema, shopifySettingsSchema } from './shopify.schemas';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const items = new Map([['FRAME-1', 'itm_frame'], ['BOLT-M8', 'itm_bolt']]);
const noFees = { feeRatePct: 0, feeFixedMinor: 0 };

describe('Shopify order → channel order', () => {
  it('maps a recorded orders/create delivery, ids exact although they exceed a JSON number', () => {
    const order = readShopify(restOrderSchema, JSON.parse(fixture('orders-create.webhook.json')), 'an order');
    const mapped = mapShopifyOrder(order, { feeRatePct: '2.9', feeFixedMinor: 30 }, items);
    expect(mapped).toEqual({
      externalId: '820982911946154508',
      number: '#9999',
      status: 'paid/unfulfilled',
      currency: 'EUR',
      totalMinor: 40_300n,
      // 2.9 % of 403.00 = 11.687 → 11.69, plus 0.30.
      feesMinor: 1_199n,
      orderedAt: new Date('2026-01-05T15:02:11Z'),
      externalUpdatedAt: new Date('2026-01-05T15:02:11Z'),
      lines: [
        { lineId: '866550311766439020', sku: 'FRAME-1', itemId: 'itm_frame', quantity: 1, priceMinor: 19_900n },
        { lineId: '141249953214522974', sku: 'WRAP-XL', itemId: null, quantity: 1, priceMinor: 19_900n },
      ],
    });
    expect(skusOf([order])).toEqual(['FRAME-1', 'WRAP-XL']);
  });

  it('names the status a person reads', () => {
    expect(orderStatus({ cancelledAt: '2026-01-01T00:00:00Z', financialStatus: 'refunded', fulfillmentStatus: null })).toBe('cancelled');
    expect(orderStatus({ cancelledAt: null, financialStatus: 'partially_refunded', fulfillmentStatus: 'fulfilled' })).toBe('partially_refunded/fulfilled');
    expect(orderStatus({ cancelledAt: null, financialStatus: null, fulfillmentStatus: 'partial' })).toBe('unknown/partial');
  });

  it('keeps money exact in currencies without cents', () => {
    const order = readShopify(restOrderSchema, {
      id: 1, name: '#1', created_at: '2026-02-01T00:00:00Z', updated_at: '2026-02-01T00:00:00Z', currency: 'JPY', total_price: '12000',
      line_items: [{ id: 2, sku: 'BOLT-M8', quantity: 3, price: '4000.00' }],
    }, 'an order');
    const mapped = mapShopifyOrder(order, noFees, items);
    expect([mapped.totalMinor, mapped.lines[0]?.priceMinor, mapped.feesMinor]).toEqual([12_000n, 4_000n, 0n]);
  });

  it('refuses an order it cannot read exactly, as a bad payload', () => {
    // As JSON.parse reads it: the 64-bit id rounded, with no gid to recover it from.
    const bigIdOnly = JSON.parse('{"id": 820982911946154508, "name": "#1", "created_at": "2026-02-01T00:00:00Z", "updated_at": "2026-02-01T00:00:00Z", "currency": "EUR", "total_price": "1.00", "line_items": []}') as Record<string, unknown>;
    expect(() => readShopify(restOrderSchema, bigIdOnly, 'an order')).toThrow(/too large to read exactly/);
    const noName = { ...bigIdOnly, id: 5, name: '' };
    const error = catchError(() => readShopify(restOrderSchema, noName, 'an order'));
    expect(error).toBeInstanceOf(IntegrationError);
    expect([(error as IntegrationError).failure, (error as IntegrationError).permanent]).toEqual(['bad_payload', true]);
    const order = readShopify(restOrderSchema, { ...noName, name: '#2', total_price: '1.005' }, 'an order');
    expect(() => mapShopifyOrder(order, noFees, items)).toThrow(/#2 has a total we cannot read/);
  });
});

describe('Shopify inventory level → external stock level', () => {
  it('maps a recorded inventory_levels/update delivery once the SKU is known', () => {
    const level = readShopify(restInventoryLevelSchema, JSON.parse(fixture('inventory-levels-update.webhook.json')), 'a level');
    expect(level).toMatchObject({ inventoryItemId: '271878346596884015', locationId: '24826418', available: 6 });
    expect(mapInventoryLevel({ ...level, sku: 'BOLT-M8' }, items)).toEqual({
      sku: 'BOLT-M8', locationRef: '24826418', itemId: 'itm_bolt', available: 6, externalUpdatedAt: new Date('2026-01-05T15:02:11Z'),
    });
  });

  it('leaves out levels without a SKU or without tracking', () => {
    const level = { inventoryItemId: '1', locationId: '2', available: 3, updatedAt: '2026-01-05T00:00:00Z' };
    expect(mapInventoryLevel({ ...level, sku: null }, items)).toBeNull();
    expect(mapInventoryLevel({ ...level, sku: 'BOLT-M8', available: null }, items)).toBeNull();
  });
});

describe('store settings', () => {
  it('defaults to GraphQL, the current API version and no fees', () => {
    expect(shopifySettingsSchema.parse({})).toEqual({ apiVersion: '2026-01', api: 'graphql', feeRatePct: 0, feeFixedMinor: 0, restLeakPerSecond: 2 });
    expect(shopifySettingsSchema.safeParse({ feeRatePct: '-1' }).success).toBe(false);
    expect(shopifySettingsSchema.safeParse({ baseUrl: 'ftp://x' }).success).toBe(false);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
