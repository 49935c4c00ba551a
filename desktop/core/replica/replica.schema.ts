import type { Generated } from 'kysely';

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
export interface StockLevelsTable {
  site_id: string; location_id: string; item_id: string; on_hand: number;
  /** Open reservations (migration 0005); available = on_hand − allocated. */
  allocated: Generated<number>;
}
export interface MetaTable { key: string; value: string }

/** Counting (migration 0005): typed rows of the replicated count documents. */
export interface CountSessionsTable {
  id: string; site_id: string; status: string; created_at: string;
  /** The whole `CountSession` document as JSON. */
  data: string;
}
export interface CountExpectedTable {
  /** `<sessionId>|<locationId>|<itemId>` */
  id: string; session_id: string; location_id: string; item_id: string;
  frozen_qty: number; unit_cost_minor: number; movements_json: string; posted_json: string | null;
}
export interface CountLinesTable {
  id: string; session_id: string; location_id: string; item_id: string | null; barcode: string; lot: string | null;
  expiry: string | null; quantity: number; counter: string; device_id: string; counted_at: string; round: number;
  /** 0 or 1 */
  voided: number;
}

/** Demand forecasts (migration 0007): one row per replicated `demand_forecast` document. */
export interface DemandForecastsTable {
  /** `<siteId>|<itemId>` */
  id: string; site_id: string; item_id: string; generated_at: string; mase: number | null; bias: number | null;
  /** Mean forecast demand per week over the horizon. */
  weekly_demand: number; demand_class: string;
  /** The whole `DemandForecast` document as JSON. */
  data: string;
}

/** Finance (migration 0008): the finance scope's documents, read whole by the working-capital engine. */
export interface FinanceRowsTable { entity: string; id: string; data: string }
/** One row (id 1): `revision` moves with every write to `finance_rows`. */
export interface FinanceStateTable { id: number; revision: number }
export interface FinanceScenariosTable {
  id: string; name: string; data: string;
  /** 'server' (a copy of a saved one) or 'local' (not on the server yet). */
  origin: string; note: string | null; updated_at: string;
}

/** The sync engine's tables (migration 0002): confirmed server state kept apart from pending commands. */
export interface ConfirmedRowsTable { scope: string; entity: string; id: string; version: number; data: string; stale: number }
export interface SyncCursorsTable { scope: string; cursor: string | null }
export interface OutboxTable {
  mutation_id: number; name: string; args: string; created_at: string; status: string;
  /** Who made it, `{ userId, signInId }` as JSON (migration 0006); null only for older rows. */
  actor: string | null;
}
export interface PendingTouchedTable { entity: string; id: string }
export interface RejectionsTable {
  mutation_id: number; name: string; code: string; reason: string; args: string | null; received_at: string; seen: number;
}

/** People who signed in online on this station (migration 0006); `meta.current_operator` names who is at it. */
export interface OperatorsTable {
  user_id: string; email: string; display_name: string;
  /** The person's role grants as JSON, as of their last online sign-in. */
  grants_json: string;
  /** 0 or 1: whether that sign-in passed a second factor. */
  mfa: number;
  sign_in_id: string; refresh_token: string | null; pin_hash: string | null;
  failed_pin_attempts: number; pin_locks: number; pin_locked_until: string | null; last_signed_in_at: string;
}

export interface ReplicaDatabase {
  sites: SitesTable;
  locations: LocationsTable;
  items: ItemsTable;
  item_barcodes: ItemBarcodesTable;
  stock_levels: StockLevelsTable;
  count_sessions: CountSessionsTable;
  count_expected: CountExpectedTable;
  count_lines: CountLinesTable;
  demand_forecasts: DemandForecastsTable;
  finance_rows: FinanceRowsTable;
  finance_state: FinanceStateTable;
  finance_scenarios: FinanceScenariosTable;
  meta: MetaTable;
  confirmed_rows: ConfirmedRowsTable;
  sync_cursors: SyncCursorsTable;
  outbox: OutboxTable;
  pending_touched: PendingTouchedTable;
  rejections: RejectionsTable;
  operators: OperatorsTable;
}

