import type { Item, ItemsPage, PageInput, SitesSnapshot } from '@capliquify/shared';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ItemsTable } from '../../db/schema';
import { listBarcodes, listItemsAfter, listLocations, listSites } from './catalog.repo';

/** The tenant's sites and their locations: small, sent whole. */
export async function getSitesSnapshot(db: Kysely<Database>, tenantId: string): Promise<SitesSnapshot> {
  const [sites, locations] = await Promise.all([listSites(db, tenantId), listLocations(db, tenantId)]);
  return {
    sites: sites.map((s) => ({ id: s.id, code: s.code, name: s.name, kind: s.kind, timezone: s.timezone })),
    locations: locations.map((l) => ({ id: l.id, siteId: l.site_id, code: l.code, name: l.name })),
  };
}

/** One page of items in id order, with their barcodes; `nextAfter` is null on the last page. */
export async function getItemsPage(db: Kysely<Database>, tenantId: string, page: PageInput): Promise<ItemsPage> {
  // One extra row tells whether another page follows without a count query.
  const rows = await listItemsAfter(db, tenantId, page.after, page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const barcodes = await listBarcodes(db, tenantId, pageRows.map((r) => r.id));
  const byItem = new Map<string, string[]>();
  for (const { item_id, barcode } of barcodes) byItem.set(item_id, [...(byItem.get(item_id) ?? []), barcode]);
  return {
    rows: pageRows.map((row) => toItem(row, byItem.get(row.id) ?? [])),
    nextAfter: rows.length > page.limit ? (pageRows.at(-1)?.id ?? null) : null,
  };
}

function toItem(row: Selectable<ItemsTable>, barcodes: string[]): Item {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    type: row.type,
    category: row.category,
    unit: row.unit,
    barcodes,
    costMinor: Number(row.cost_minor),
    currency: row.currency,
    reorderPoint: Number(row.reorder_point),
    safetyStock: Number(row.safety_stock),
    leadTimeDays: row.lead_time_days,
    supplierId: row.supplier_id,
  };
}
