import type { Insertable } from 'kysely';
import type { ItemsTable } from '../../db/schema';
import { generateBoms, rollUpCosts } from './bom.generator';
import { generateCatalog } from './catalog.generator';
import type { Catalog, CatalogItem } from './catalog.model';
import { addDays, isIsoDay } from './dates';
import { SIZE_PROFILES } from './demo-sizes';
import { DEMO_TENANT_ID, type DemandClass, type DemoDataset, type DemoOptions, type DemoRows } from './demo.types';
import { generateFinance } from './finance.generator';
import { assignDemoEntities, demoLegalEntities } from './legal-entities.generator';
import { simulateLedger } from './ledger.generator';
import { explodeUsage, setReorderParameters } from './planning';
import { createRng } from './prng';
import { generateDemand, LOOKAHEAD_DAYS } from './sales.generator';

export const DEMO_TENANT_NAME = 'Northwind Fabrication Ltd';

function itemRow(item: CatalogItem, catalog: Catalog): Insertable<ItemsTable> {
  return {
    id: item.id, tenant_id: DEMO_TENANT_ID, sku: item.sku, name: item.name,
    type: item.kind === 'raw' ? 'raw' : item.kind === 'finished' ? 'finished' : 'component',
    category: item.category, unit: item.unit, cost_minor: item.costMinor, currency: 'GBP',
    reorder_point: item.reorderPoint, safety_stock: item.safetyStock, lead_time_days: item.leadTimeDays,
    supplier_id: item.supplierIndex === null ? null : (catalog.suppliers[item.supplierIndex]?.id ?? null),
    home_site_id: item.siteId, active: true,
  };
}

/**
 * A believable manufacturer with two years of history ending at `endDate`: catalogue, BOMs,
 * sales, a stock ledger consistent with them, purchasing, Xero-style invoices and bills with a few
 * credit notes and a prepayment, and daily EUR and USD rates.
 * Pure and deterministic: the same options always give the same rows.
 */
export function generateDemo(options: DemoOptions): DemoDataset {
  if (!isIsoDay(options.endDate)) throw new Error(`endDate must be an ISO day (YYYY-MM-DD), got ${options.endDate}`);
  const size = SIZE_PROFILES[options.size];
  const rng = createRng(options.seed, options.size);
  const startDate = addDays(options.endDate, -(size.days - 1));

  const catalog = generateCatalog(rng.fork('catalog'), size);
  generateBoms(rng.fork('boms'), catalog.items);
  rollUpCosts(rng.fork('costs'), catalog.items);
  const finished = catalog.items.filter((i) => i.kind === 'finished');
  const plan = generateDemand(rng.fork('demand'), finished, startDate, size.days, size.promotionsPerYear);
  const forecast = explodeUsage(catalog.items, plan, size.days + LOOKAHEAD_DAYS);
  setReorderParameters(catalog.items, forecast, size.days, catalog.suppliers);
  const ledger = simulateLedger(catalog, plan, forecast, rng.fork('ledger'), startDate, size.days);
  const finance = generateFinance(rng.fork('finance'), {
    startDate, endDate: options.endDate, wholesaleCustomers: size.wholesaleCustomers, suppliers: catalog.suppliers,
    sales: ledger.sales, purchaseOrders: ledger.purchaseOrders, purchaseOrderLines: ledger.purchaseOrderLines,
  });

  const rows: DemoRows = {
    tenants: [{ id: DEMO_TENANT_ID, name: DEMO_TENANT_NAME, base_currency: 'GBP' }],
    legal_entities: demoLegalEntities(DEMO_TENANT_NAME),
    sites: [
      { id: catalog.plantId, tenant_id: DEMO_TENANT_ID, code: 'LEI', name: 'Leicester Plant', kind: 'plant', timezone: 'Europe/London' },
      { id: catalog.warehouseId, tenant_id: DEMO_TENANT_ID, code: 'DAV', name: 'Daventry Distribution Centre', kind: 'warehouse', timezone: 'Europe/London' },
    ],
    locations: catalog.locations.map((l) => ({ id: l.id, tenant_id: DEMO_TENANT_ID, site_id: l.siteId, code: l.code, name: l.name })),
    suppliers: finance.suppliers,
    customers: finance.customers,
    items: catalog.items.map((i) => itemRow(i, catalog)),
    item_barcodes: catalog.items.flatMap((i) => i.barcodes.map((barcode) => ({ tenant_id: DEMO_TENANT_ID, barcode, item_id: i.id }))),
    bom_lines: catalog.items.flatMap((p) => p.bom.map((b) => ({
      tenant_id: DEMO_TENANT_ID, parent_item_id: p.id, component_item_id: (catalog.items[b.component] as CatalogItem).id, quantity: b.quantity,
    }))),
    promotions: plan.promotions,
    purchase_orders: ledger.purchaseOrders,
    purchase_order_lines: ledger.purchaseOrderLines,
    stock_movements: ledger.movements,
    sales_daily: ledger.sales,
    invoices: assignDemoEntities(finance.invoices, finance.customers),
    payments: finance.payments,
    fx_rates: finance.fxRates,
    finance_credits: assignDemoEntities(finance.credits, finance.customers),
    finance_allocations: finance.allocations,
  };
  const demandClass: Record<string, DemandClass> = {};
  const priceMinor: Record<string, number> = {};
  for (const item of finished) {
    demandClass[item.id] = plan.demandClass.get(item.index) ?? 'slow';
    priceMinor[item.id] = item.priceMinor;
  }
  return { rows, facts: { startDate, endDate: options.endDate, days: size.days, demandClass, priceMinor } };
}

/** Row counts per table, as the seed reports them. */
export function countRows(rows: DemoRows): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));
}
