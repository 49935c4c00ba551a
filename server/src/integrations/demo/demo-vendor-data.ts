import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { DEMO_TENANT_ID } from '../../domains/demo/demo.types';
import type { FakeOrderInput } from '../shopify/fake-shopify.state';
import type { SpApiInventorySummary, SpApiOrder } from '../amazon/sp-api.schemas';
import { formatXeroDate } from '../xero/xero-dates';

// What the demo's fake vendors hold: a little of each vendor's data, made from the demo tenant's
// own catalogue and customers so that what the syncs bring in meets items and names the demo
// already shows. Deterministic given the items and `now`.

export interface DemoItem { sku: string; name: string; type: string; category: string; unit: string; costMinor: number }
export interface DemoCatalogue { sold: DemoItem[]; stocked: DemoItem[]; customers: { name: string; currency: string }[] }

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEMO_MARKETPLACE = 'A1PA6795UKMFR9';

/** A few finished goods (what the channels sell), a few parts (what Unleashed stocks), a few customers. */
export async function readDemoCatalogue(db: Kysely<Database>): Promise<DemoCatalogue> {
  const items = (finished: boolean) => db.selectFrom('items')
    .select(['sku', 'name', 'type', 'category', 'unit', 'cost_minor'])
    .where('tenant_id', '=', DEMO_TENANT_ID).where('active', '=', true)
    .where('type', finished ? '=' : '!=', 'finished')
    .orderBy('sku').limit(4).execute();
  const toItem = (r: Awaited<ReturnType<typeof items>>[number]): DemoItem => ({
    sku: r.sku, name: r.name, type: r.type, category: r.category, unit: r.unit, costMinor: Number(r.cost_minor),
  });
  const [sold, parts, customers] = await Promise.all([
    items(true), items(false),
    db.selectFrom('customers').select(['name', 'currency']).where('tenant_id', '=', DEMO_TENANT_ID).orderBy('name').limit(3).execute(),
  ]);
  return { sold: sold.map(toItem), stocked: [...sold, ...parts].map(toItem), customers };
}

// Xero's invoice dates are days (midnight UTC).
const xeroDay = (ms: number) => formatXeroDate(Math.floor(ms / DAY) * DAY);

// A sale price with a margin over cost, in the channels' decimal strings.
const price = (item: DemoItem) => (Math.max(item.costMinor, 100) * 1.8 / 100).toFixed(2);

/** Orders of the last days, two lines each, placed at the demo Shopify store. */
export function shopifyOrders(catalogue: DemoCatalogue, now: number): FakeOrderInput[] {
  return Array.from({ length: 5 }, (_, i) => {
    const first = catalogue.sold[i % catalogue.sold.length]!;
    const second = catalogue.sold[(i + 1) % catalogue.sold.length]!;
    const at = new Date(now - (5 - i) * 7 * HOUR).toISOString();
    return {
      id: 5_100 + i, createdAt: at, updatedAt: at, currency: 'EUR', financialStatus: 'paid', fulfillmentStatus: i < 3 ? 'fulfilled' : null,
      lines: [{ sku: first.sku, quantity: 1 + (i % 3), price: price(first) }, { sku: second.sku, quantity: 1, price: price(second) }],
    };
  });
}

/** Amazon orders (Orders v0 carries totals, no lines) updated over the last two days. */
export function amazonOrders(catalogue: DemoCatalogue, now: number): SpApiOrder[] {
  return Array.from({ length: 4 }, (_, i) => {
    const item = catalogue.sold[i % catalogue.sold.length]!;
    const updated = now - (i + 1) * 9 * HOUR;
    return {
      AmazonOrderId: `302-${String(4_000_100 + i)}-${String(7_100_200 + i)}`,
      PurchaseDate: new Date(updated - HOUR).toISOString(), LastUpdateDate: new Date(updated).toISOString(),
      OrderStatus: i === 0 ? 'Unshipped' : 'Shipped', FulfillmentChannel: 'AFN', MarketplaceId: DEMO_MARKETPLACE,
      OrderTotal: { CurrencyCode: 'EUR', Amount: (Number(price(item)) * (1 + (i % 2))).toFixed(2) },
    };
  });
}

/** FBA stock of each sold item at Amazon's fulfilment centres. */
export function amazonInventory(catalogue: DemoCatalogue, now: number): SpApiInventorySummary[] {
  return catalogue.sold.map((item, i) => {
    const total = 20 + i * 7;
    const fulfillable = total - 2;
    return {
      asin: `B0DEMO${String(i).padStart(4, '0')}`, fnSku: `X0DEMO${String(i).padStart(4, '0')}`, sellerSku: item.sku, condition: 'NewItem',
      totalQuantity: total, lastUpdatedTime: new Date(now - DAY).toISOString(),
      inventoryDetails: { fulfillableQuantity: fulfillable, inboundWorkingQuantity: 0, inboundShippedQuantity: 0, inboundReceivingQuantity: 0, reservedQuantity: { totalReservedQuantity: 2 } },
    };
  });
}

/** Unleashed's products and stock on hand in its warehouse, for sold items and parts alike. */
export function unleashedRecords(catalogue: DemoCatalogue, now: number): Record<string, Record<string, unknown>[]> {
  const modified = `/Date(${now - DAY})/`;
  const guid = (i: number) => `d3e0a000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
  return {
    // The demo account keeps its suppliers, bills, purchase orders and assemblies in CapLiquify: Unleashed answers empty lists.
    Suppliers: [], BillOfMaterials: [], PurchaseOrders: [], Assemblies: [],
    // Orders the ERP has committed to ship: the order book, not sales (those come from the channels).
    SalesOrders: unleashedSalesOrders(catalogue, now),
    Products: catalogue.stocked.map((item, i) => ({
      Guid: guid(i), ProductCode: item.sku, ProductDescription: item.name, ProductGroup: { GroupName: item.category },
      UnitOfMeasure: { Name: item.unit }, AverageLandPrice: item.costMinor / 100, IsAssembledProduct: item.type === 'finished',
      IsSellable: item.type === 'finished', Obsolete: false, LastModifiedOn: modified,
    })),
    StockOnHand: catalogue.stocked.map((item, i) => {
      const onHand = 40 + i * 15;
      return {
        ProductGuid: guid(i), ProductCode: item.sku, WarehouseCode: 'MAIN', QtyOnHand: onHand, AllocatedQty: 5, AvailableQty: onHand - 5,
        AvgCost: item.costMinor / 100, LastModifiedOn: modified,
      };
    }),
  };
}

/** Two open Unleashed sales orders of sold items for the demo's customers, due in the coming weeks. */
function unleashedSalesOrders(catalogue: DemoCatalogue, now: number): Record<string, unknown>[] {
  const customers = catalogue.customers.length > 0 ? catalogue.customers : [{ name: 'Demo customer', currency: 'EUR' }];
  return catalogue.sold.slice(0, 2).map((item, i) => {
    const quantity = 5 + i * 5;
    const customer = customers[i % customers.length]!;
    return {
      Guid: `5a1e5000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, OrderNumber: `SO-DEMO-${String(i + 1).padStart(3, '0')}`,
      OrderDate: `/Date(${now - (3 + i) * DAY})/`, RequiredDate: `/Date(${now + (7 + i * 7) * DAY})/`, OrderStatus: 'Placed',
      Customer: { CustomerCode: `CUST-${i + 1}`, CustomerName: customer.name }, Currency: { CurrencyCode: customer.currency },
      Total: Number((Number(price(item)) * quantity).toFixed(2)),
      SalesOrderLines: [{ LineNumber: 1, Product: { Guid: `d3e0a000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, ProductCode: item.sku }, OrderQuantity: quantity, UnitPrice: Number(price(item)) }],
      LastModifiedOn: `/Date(${now - DAY})/`,
    };
  });
}

/** Xero contacts for demo customers and an invoice each (one paid, the others open), issued in the last weeks. */
export function xeroRecords(catalogue: DemoCatalogue, now: number): { contacts: Record<string, unknown>[]; invoices: Record<string, unknown>[] } {
  const customers = catalogue.customers.length > 0 ? catalogue.customers : [{ name: 'Demo customer', currency: 'EUR' }];
  const contacts = customers.map((c, i) => ({
    ContactID: `c0a7ac70-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, Name: c.name, ContactStatus: 'ACTIVE',
    IsCustomer: true, IsSupplier: false, DefaultCurrency: c.currency,
  }));
  const invoices = contacts.map((contact, i) => {
    const total = 1_200 + i * 450;
    const paid = i === 0 ? total : 0;
    return {
      Type: 'ACCREC', InvoiceID: `1a701ce0-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, InvoiceNumber: `INV-DEMO-${String(i + 1).padStart(3, '0')}`,
      Reference: '', Contact: { ContactID: contact.ContactID, Name: contact.Name },
      Date: xeroDay(now - (20 + i * 5) * DAY), DueDate: xeroDay(now + (10 - i * 5) * DAY),
      Status: paid ? 'PAID' : 'AUTHORISED', LineAmountTypes: 'Exclusive', SubTotal: total / 1.2, TotalTax: total - total / 1.2, Total: total,
      AmountDue: total - paid, AmountPaid: paid, AmountCredited: 0, CurrencyCode: contact.DefaultCurrency,
      CreditNotes: [], Prepayments: [], Overpayments: [],
    };
  });
  return { contacts, invoices };
}
