import { describe, expect, it } from 'vitest';
import { unleashedSalesOrders } from './fixtures/unleashed-account.fixture';
import { mapSalesOrder } from './unleashed-sales-orders.mapper';
import { salesOrderSchema } from './unleashed.schemas';

describe('mapSalesOrder', () => {
  it('turns decimals into minor units, dates into UTC days, and numbers lines by position', () => {
    const mapped = mapSalesOrder(salesOrderSchema.parse(unleashedSalesOrders[0]));
    expect(mapped).toMatchObject({
      number: 'SO-00001', orderStatus: 'Placed', orderedOn: '2026-01-07', requiredOn: '2026-01-21',
      customerCode: 'BIKESHOP', customerName: 'The Bike Shop', currency: 'EUR', totalMinor: 30498,
    });
    expect(mapped.lines).toEqual([
      { lineNumber: 1, productRef: expect.any(String), sku: 'BIKE-20', quantity: 2, unitPriceMinor: 14999 },
      { lineNumber: 2, productRef: expect.any(String), sku: 'BOLT-M8', quantity: 10, unitPriceMinor: 50 },
    ]);
  });

  it('leaves what Unleashed did not say empty rather than guessing', () => {
    const mapped = mapSalesOrder(salesOrderSchema.parse({ ...unleashedSalesOrders[2], Customer: null }));
    expect(mapped).toMatchObject({ requiredOn: null, currency: null, customerCode: null, customerName: null, totalMinor: 1700 });
  });

  it('refuses an order without a total as unreadable', () => {
    const { Total: _total, ...withoutTotal } = unleashedSalesOrders[0]!;
    expect(salesOrderSchema.safeParse(withoutTotal).success).toBe(false);
  });
});
