import type { Season } from './catalog.names';

export type ItemKind = 'raw' | 'bought' | 'fabricated' | 'subassembly' | 'finished';

export interface BomEntry { component: number; quantity: number }

/**
 * The generator's working view of an item, indexed by position so the simulation can use plain
 * arrays. It becomes an `items` row at the end.
 */
export interface CatalogItem {
  index: number;
  id: string;
  sku: string;
  name: string;
  kind: ItemKind;
  category: string;
  unit: string;
  /** Standard cost in GBP minor units; made items get theirs from the BOM roll-up. */
  costMinor: number;
  supplierIndex: number | null;
  leadTimeDays: number;
  siteId: string;
  locationId: string;
  barcodes: string[];
  /** 0 for bought items; 1 + the highest component height for made items. */
  height: number;
  bom: BomEntry[];
  season: Season | null;
  priceMinor: number;
  /** Expected consumption or sales per day, filled once demand is known. */
  usagePerDay: number;
  reorderPoint: number;
  safetyStock: number;
}

export interface CatalogSupplier {
  index: number;
  id: string;
  name: string;
  currency: 'GBP' | 'EUR' | 'USD';
  termsDays: number;
  leadDays: [number, number];
  categories: string[];
  /** Chance that a delivery arrives late, and by how many days at most. */
  lateChance: number;
  lateDaysMax: number;
  /** Weekday (0 = Monday) on which purchasing reviews this supplier's items. */
  orderWeekday: number;
}

export interface CatalogLocation { id: string; siteId: string; code: string; name: string }

export interface Catalog {
  plantId: string;
  warehouseId: string;
  locations: CatalogLocation[];
  /** The plant bay where finished goods leave the line before they move to the warehouse. */
  dispatchLocationId: string;
  suppliers: CatalogSupplier[];
  items: CatalogItem[];
}

/** Integer units are counted in whole pieces; the rest carry up to three decimals. */
export function isCounted(unit: string): boolean {
  return unit === 'ea';
}

export function roundQty(value: number, unit: string): number {
  return isCounted(unit) ? Math.round(value) : Math.round(value * 1000) / 1000;
}
