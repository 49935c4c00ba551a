import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema';

export type DemoSize = 'full' | 'small';

export interface DemoOptions {
  size: DemoSize;
  seed: number;
  /** Last day of history, ISO `YYYY-MM-DD` (UTC). */
  endDate: string;
}

type Rows<T extends keyof Database> = Insertable<Database[T]>[];

/** Every table the demo fills, in foreign-key order (parents before children). */
export const DEMO_TABLES = [
  'tenants', 'legal_entities', 'sites', 'locations', 'suppliers', 'customers', 'items', 'item_barcodes', 'bom_lines',
  'promotions', 'purchase_orders', 'purchase_order_lines', 'stock_movements', 'sales_daily',
  'invoices', 'payments', 'fx_rates', 'finance_credits', 'finance_allocations',
] as const satisfies readonly (keyof Database)[];
export type DemoTable = (typeof DEMO_TABLES)[number];

export type DemoRows = { [T in DemoTable]: Rows<T> };

export type DemandClass = 'fast' | 'medium' | 'slow';

/** Facts about the generated company that are not stored but that tests and tooling want. */
export interface DemoFacts {
  startDate: string;
  endDate: string;
  days: number;
  /** Finished goods' demand class by item id. */
  demandClass: Record<string, DemandClass>;
  /** Selling price in GBP minor units by finished-good id. */
  priceMinor: Record<string, number>;
}

export interface DemoDataset {
  rows: DemoRows;
  facts: DemoFacts;
}

export const DEMO_TENANT_ID = 'tnt_demo';
