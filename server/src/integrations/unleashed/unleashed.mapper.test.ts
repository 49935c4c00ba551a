import { describe, expect, it } from 'vitest';
import {
  PRODUCT_BIKE, PRODUCT_BOLT, PRODUCT_FORK, PRODUCT_FRAME, PRODUCT_WHEEL, SUPPLIER_STEEL, unleashedAssemblies, unleashedBillsOfMaterials,
  unleashedProducts, unleashedPurchaseOrders, unleashedStockOnHand, unleashedSuppliers,
} from './fixtures/unleashed-account.fixture';
import { ALL_WAREHOUSES, mapAssembly, mapBillOfMaterials, mapProduct, mapPurchaseOrder, mapStockOnHand, mapSupplier, toMinorUnits } from './unleashed.mapper';
import { assemblySchema, billOfMaterialsSchema, productSchema, purchaseOrderSchema, stockOnHandSchema, supplierSchema } from './unleashed.schemas';

const products = unleashedProducts.map((p) => productSchema.parse(p));

describe('Unleashed records mapped into ours', () => {
  it('turns decimal prices into minor units, rounding half away from zero on the written digits', () => {
    expect([12.5, 0.125, 1.005, 45.5, 0, -2.5, 98.2].map(toMinorUnits)).toEqual([1250, 13, 101, 4550, 0, -250, 9820]);
  });

  it('maps a product: SKU, name, group, unit, landed cost, reorder point, supplier; the Guid as external ref', () => {
    expect(mapProduct(products[0]!)).toEqual({
      externalRef: PRODUCT_BOLT, sku: 'BOLT-M8', name: 'Bolt M8 x 40', type: 'raw', category: 'Parts', unit: 'EA',
      costMinor: 13, reorderPoint: 500, supplierRef: SUPPLIER_STEEL, active: true,
    });
  });

  it('types products: sold assemblies are finished goods, unsold ones components, bought ones raw', () => {
    const types = Object.fromEntries(products.map((p) => [p.ProductCode, mapProduct(p).type]));
    expect(types).toEqual({ 'BOLT-M8': 'raw', 'FRAME-1': 'component', 'WHEEL-20': 'raw', 'BIKE-20': 'finished', 'FORK-20': 'raw' });
  });

  it('falls back to the default purchase price without a landed cost, and keeps ours when neither is given', () => {
    expect(mapProduct(products[4]!).costMinor).toBe(799);
    expect(mapProduct({ ...products[4]!, DefaultPurchasePrice: null }).costMinor).toBeNull();
    expect(mapProduct({ ...products[4]!, Obsolete: true }).active).toBe(false);
  });

  it('maps stock on hand per warehouse, totals without a warehouse under ALL', () => {
    const level = stockOnHandSchema.parse(unleashedStockOnHand[2]);
    expect(mapStockOnHand(level)).toEqual({
      productRef: PRODUCT_WHEEL, sku: 'WHEEL-20', locationRef: 'MAIN', available: 60.5, onHand: 80.5, updatedAt: new Date('2026-01-04T08:02:00Z'),
    });
    expect(mapStockOnHand({ ...level, WarehouseCode: null }).locationRef).toBe(ALL_WAREHOUSES);
  });

  it('sums a component listed twice on a bill, and an obsolete bill has no lines', () => {
    const bill = billOfMaterialsSchema.parse(unleashedBillsOfMaterials[0]);
    expect(mapBillOfMaterials(bill)).toEqual({
      parent: { productRef: PRODUCT_BIKE, sku: 'BIKE-20' },
      lines: [
        { productRef: PRODUCT_FRAME, sku: 'FRAME-1', quantity: 1 },
        { productRef: PRODUCT_WHEEL, sku: 'WHEEL-20', quantity: 2 },
        { productRef: PRODUCT_BOLT, sku: 'BOLT-M8', quantity: 8 },
        { productRef: PRODUCT_FORK, sku: 'FORK-20', quantity: 1 },
      ],
    });
    expect(mapBillOfMaterials({ ...bill, Obsolete: true }).lines).toEqual([]);
  });

  it('maps a supplier with its payment term in days and currency', () => {
    expect(unleashedSuppliers.map((s) => mapSupplier(supplierSchema.parse(s)))).toEqual([
      { externalRef: SUPPLIER_STEEL, name: 'Steelworks GmbH', paymentTermsDays: 30, currency: 'EUR' },
      { externalRef: unleashedSuppliers[1]!.Guid, name: 'Wheel Co Ltd', paymentTermsDays: 35, currency: 'GBP' },
    ]);
  });

  it('maps purchase orders: status, dates, one line per product with a weighted unit cost', () => {
    const [placed, complete] = unleashedPurchaseOrders.map((po) => mapPurchaseOrder(purchaseOrderSchema.parse(po)));
    expect(placed).toMatchObject({
      number: 'PO-00001', status: 'open', orderedOn: '2026-01-06', expectedOn: '2026-01-20', receivedOn: null, currency: 'EUR', warehouseCode: 'MAIN',
      // 1,000 at 0.12 and 500 at 0.15: 1,500 at 0.13.
      lines: [{ productRef: PRODUCT_BOLT, sku: 'BOLT-M8', quantity: 1500, unitCostMinor: 13 }],
    });
    expect(complete).toMatchObject({ status: 'received', receivedOn: '2025-12-14', lines: [{ quantity: 100, unitCostMinor: 1199 }] });
    expect(mapPurchaseOrder({ ...purchaseOrderSchema.parse(unleashedPurchaseOrders[0]), OrderStatus: 'Deleted' }).status).toBe('cancelled');
  });

  it('maps assemblies with their planned and completion days', () => {
    const [planned, done] = unleashedAssemblies.map((a) => mapAssembly(assemblySchema.parse(a)));
    expect(planned).toMatchObject({ number: 'ASM-00001', status: 'planned', quantity: 25, plannedOn: '2026-01-15', completedOn: null, locationRef: 'MAIN' });
    expect(done).toMatchObject({ status: 'completed', externalStatus: 'Completed', completedOn: '2026-01-06' });
  });
});
