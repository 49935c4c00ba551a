/**
 * The replica's tables as Kysely sees them. The typed catalog tables (`sites` … `stock_levels`) are
 * what search reads: confirmed server state with pending commands applied on top.
 */
export interface SitesTable { id: string; code: string; name: string; kind: 'plant' | 'warehouse'; timezone: string }
export interface LocationsTable { id: string; site_id: string; code: string; name: string }
export interface ItemsTable {
  id: string; sku: string; name: string; type: 'raw' | 'component' | 'finished'; category: string; unit: string;
  /** The item's barcodes as a JSON array, for display; `item_barcodes` serves look-ups. */
  barcodes_json: string;
  cost_minor: number; currency: string; reorder_point: number; safety_stock: number; lead_time_days: number;
  supplier_id: string | null;
}
export interface ItemBarcodesTable { barcode: string; item_id: string }
export interface StockLevelsTable { site_id: string; location_id: string; item_id: string; on_hand: number }
export interface MetaTable { key: string; value: string }

/** The sync engine's tables (migration 0002): confirmed server state kept apart from pending commands. */
export interface ConfirmedRowsTable { scope: string; entity: string; id: string; version: number; data: string; stale: number }
export interface SyncCursorsTable { scope: string; cursor: string | null }
export interface OutboxTable { mutation_id: number; name: string; args: string; created_at: string; status: string }
export interface PendingTouchedTable { entity: string; id: string }
export interface RejectionsTable {
  mutation_id: number; name: string; code: string; reason: string; args: string | null; received_at: string; seen: number;
}

export interface ReplicaDatabase {
  sites: SitesTable;
  locations: LocationsTable;
  items: ItemsTable;
  item_barcodes: ItemBarcodesTable;
  stock_levels: StockLevelsTable;
  meta: MetaTable;
  confirmed_rows: ConfirmedRowsTable;
  sync_cursors: SyncCursorsTable;
  outbox: OutboxTable;
  pending_touched: PendingTouchedTable;
  rejections: RejectionsTable;
}

