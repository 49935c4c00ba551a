import type { Item, Location, Site, StockLevel } from '@capliquify/shared';

export interface FakeCatalog { sites: Site[]; locations: Location[]; items: Item[]; stock: StockLevel[] }

const types = ['raw', 'component', 'finished'] as const;

/** A small, deterministic catalog: two sites, three locations, `itemCount` items with stock. */
export function makeCatalog(itemCount: number, namePrefix = 'Widget'): FakeCatalog {
  const sites: FakeCatalog['sites'] = [
    { id: 'site-a', code: 'PLT1', name: 'Plant One', kind: 'plant', timezone: 'Europe/London' },
    { id: 'site-b', code: 'WH1', name: 'Warehouse One', kind: 'warehouse', timezone: 'Europe/London' },
  ];
  const locations: FakeCatalog['locations'] = [
    { id: 'loc-a1', siteId: 'site-a', code: 'A-01', name: 'Aisle 1' },
    { id: 'loc-a2', siteId: 'site-a', code: 'A-02', name: 'Aisle 2' },
    { id: 'loc-b1', siteId: 'site-b', code: 'B-01', name: 'Bay 1' },
  ];
  const items: Item[] = [];
  const stock: StockLevel[] = [];
  for (let i = 1; i <= itemCount; i++) {
    const n = String(i).padStart(4, '0');
    items.push({
      id: `item-${n}`, sku: `SKU-${n}`, name: `${namePrefix} ${n}`, type: types[i % 3] ?? 'raw', category: i % 2 ? 'Fasteners' : 'Packaging',
      unit: 'ea', barcodes: [`50000${n}`], costMinor: 100 * i, currency: 'GBP', reorderPoint: 10, safetyStock: 5,
      leadTimeDays: 7, supplierId: null,
    });
    stock.push({ siteId: 'site-a', locationId: 'loc-a1', itemId: `item-${n}`, onHand: i });
    if (i % 2 === 0) stock.push({ siteId: 'site-b', locationId: 'loc-b1', itemId: `item-${n}`, onHand: 0.5 });
  }
  return { sites, locations, items, stock };
}
