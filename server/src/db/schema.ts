import type { CountMovement, CountRecount } from '@capliquify/shared';
import type { ColumnType, Generated } from 'kysely';
import type { FinanceTables } from './finance.schema';
import type { FinanceReportTables } from './finance-reports.schema';
import type { DeviceFleetColumns, FleetTables } from './fleet.schema';

/**
 * The system of record's tables, as Kysely sees them. PostgreSQL and PGlite share these types and
 * one set of migrations. `numeric` arrives as a string from both drivers; repos convert it.
 */
type Numeric = ColumnType<string, string | number, string | number>;
type Money = ColumnType<string, string | number | bigint, string | number | bigint>;
type DateOnly = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
// Kysely's Generated<> would wrap the ColumnType above and select it as an object, not a Date.
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: string; name: string; base_currency: string; created_at: GeneratedTimestamp;
  /** The Clerk organisation whose members act for this tenant (production identity). */
  clerk_org_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SitesTable { id: string; tenant_id: string; code: string; name: string; kind: 'plant' | 'warehouse'; timezone: string }
export interface LocationsTable { id: string; tenant_id: string; site_id: string; code: string; name: string }
type ExternalRef = ColumnType<string | null, string | null | undefined, string | null>;
export interface SuppliersTable { id: string; tenant_id: string; name: string; payment_terms_days: number; currency: string; external_ref: ExternalRef }
export interface CustomersTable { id: string; tenant_id: string; name: string; payment_terms_days: number; currency: string; channel: string | null; external_ref: ExternalRef }
export interface ItemsTable {
  id: string; tenant_id: string; sku: string; name: string; type: 'raw' | 'component' | 'finished';
  category: string; unit: string; cost_minor: Money; currency: string;
  reorder_point: Numeric; safety_stock: Numeric; lead_time_days: number; supplier_id: string | null;
  home_site_id: string; active: Generated<boolean>;
  /** The id of the same product in Unleashed (or another source of the catalogue). */
  external_ref: ExternalRef;
}
export interface ItemBarcodesTable { tenant_id: string; barcode: string; item_id: string }
export interface BomLinesTable { tenant_id: string; parent_item_id: string; component_item_id: string; quantity: Numeric }
export interface StockMovementsTable {
  id: Generated<string>; tenant_id: string; site_id: string; location_id: string; item_id: string;
  kind: string; quantity: Numeric; unit_cost_minor: Money; occurred_at: Timestamp; reference: string | null;
  /** The client-chosen id of a movement recorded by a command; unique per tenant. */
  movement_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SalesDailyTable {
  tenant_id: string; site_id: string; item_id: string; channel: string; day: DateOnly;
  quantity: Numeric; revenue_minor: Money; fees_minor: Money; promo: boolean; stockout: boolean;
}
export interface PromotionsTable { id: string; tenant_id: string; item_id: string; channel: string; starts_on: DateOnly; ends_on: DateOnly; discount_pct: number }
export interface PurchaseOrdersTable {
  id: string; tenant_id: string; supplier_id: string; site_id: string; number: string;
  ordered_on: DateOnly; expected_on: DateOnly; received_on: DateOnly | null; status: 'open' | 'received' | 'cancelled'; currency: string;
  external_ref: ExternalRef;
}
export interface PurchaseOrderLinesTable { tenant_id: string; purchase_order_id: string; item_id: string; quantity: Numeric; unit_cost_minor: Money }
/** Xero-style invoices: ACCREC (sales) and ACCPAY (bills). */
export interface InvoicesTable {
  id: string; tenant_id: string; type: 'ACCREC' | 'ACCPAY'; contact_id: string; number: string;
  issued_on: DateOnly; due_on: DateOnly; currency: string; total_minor: Money; amount_paid_minor: Money;
  status: 'AUTHORISED' | 'PAID' | 'VOIDED'; fully_paid_on: DateOnly | null;
  /** Xero's InvoiceID when the invoice came from Xero. */
  external_ref: ExternalRef;
  /** The legal entity whose books hold it (migration 0019); null in a tenant's single set of books. */
  entity_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface PaymentsTable { id: string; tenant_id: string; invoice_id: string; paid_on: DateOnly; amount_minor: Money; external_ref: ExternalRef }
type BigCounter = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface DevicesTable extends DeviceFleetColumns {
  id: string; tenant_id: string; name: string; first_seen_at: Timestamp; last_seen_at: Timestamp; app_version: string | null;
  site_id: ColumnType<string | null, string | null | undefined, string | null>;
  role: ColumnType<string, string | undefined, string>;
  /** sha256 (hex) of the device secret; the secret itself is never stored. */
  credential_hash: ColumnType<string | null, string | null | undefined, string | null>;
  revoked_at: NullableTimestamp;
  last_mutation_id: BigCounter;
  last_pull_at: NullableTimestamp;
  outbox_depth: ColumnType<number, number | undefined, number>;
}
/** The per-scope change counter: updated inside each writing transaction so versions commit in order. */
export interface SyncScopesTable {
  tenant_id: string; scope: string; version: BigCounter;
  epoch: ColumnType<number, number | undefined, number>; min_version: BigCounter;
  /** Signs the scope's cursors; set once by the database. */
  cursor_key: ColumnType<string, never, never>;
}
/** The replicated image of every row a device may hold; a tombstone has `deleted` and no data. */
export interface SyncRowsTable {
  tenant_id: string; scope: string; entity: string; id: string; version: BigCounter;
  deleted: boolean; data: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** Last write; tombstone compaction keeps those written within its window. */
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface DeviceEnrollmentCodesTable {
  code_hash: string; tenant_id: string; site_id: string; name: string | null; expires_at: Timestamp;
  used_at: NullableTimestamp; created_at: GeneratedTimestamp;
  /** The `devices.role` the code gives: `operator` (a plant-floor station) or `finance` (a finance workstation). */
  device_role: ColumnType<string, string | undefined, string>;
}
export interface SyncRejectionsTable {
  id: Generated<string>; tenant_id: string; device_id: string; mutation_id: BigCounter; name: string; code: string; reason: string;
  args: ColumnType<unknown, string | null, string | null>; created_at: GeneratedTimestamp;
}

/** A jsonb column: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export interface CountSessionsTable {
  tenant_id: string; id: string; site_id: string; name: string; kind: 'full' | 'cycle'; blind: boolean;
  location_ids: Json<string[]>; item_ids: ColumnType<string[] | null, string | null, string | null>;
  tolerance_qty_pct: Numeric; tolerance_value_minor: Money; currency: string; counters: Json<string[]>;
  status: 'draft' | 'counting' | 'submitted' | 'approved' | 'cancelled';
  created_by: string; created_at: Timestamp; started_at: NullableTimestamp; submitted_at: NullableTimestamp;
  approved_at: NullableTimestamp; approved_by: NullableText; cancelled_at: NullableTimestamp; cancel_reason: NullableText;
  recounts: JsonWithDefault<CountRecount[]>;
}
/** The quantity frozen when a session started, the movements posted since, and the adjustment once approved. */
export interface CountExpectedTable {
  tenant_id: string; session_id: string; location_id: string; item_id: string;
  frozen_qty: Numeric; unit_cost_minor: Money; movements: JsonWithDefault<CountMovement[]>;
  posted_movement_id: NullableText; posted_quantity: NullableNumeric; posted_at: NullableTimestamp;
}
export interface CountLinesTable {
  tenant_id: string; id: string; session_id: string; location_id: string; item_id: string | null;
  barcode: string; lot: string | null; expiry: DateOnly | null; quantity: Numeric; counter: string; device_id: string;
  counted_at: Timestamp; round: number; voided: Generated<boolean>; voided_by: NullableText; voided_at: NullableTimestamp;
  recorded_at: GeneratedTimestamp;
}
export interface CountAuditTable {
  id: Generated<string>; tenant_id: string; session_id: string; location_id: string; item_id: string;
  counters: Json<string[]>; devices: Json<string[]>; counted_at: Date | null; expected_at_count: Numeric;
  counted: string | null; adjustment: Numeric; movement_id: string | null; approved_by: string; approved_at: Timestamp;
}
/** Open reservations of stock (released_at null): the stock screen's "allocated". */
export interface StockAllocationsTable {
  id: Generated<string>; tenant_id: string; site_id: string; location_id: string; item_id: string;
  quantity: Numeric; reference: string | null; created_at: GeneratedTimestamp; released_at: NullableTimestamp;
}

export interface UsersTable {
  id: string; tenant_id: string; email: string; display_name: string;
  provider: ColumnType<'builtin' | 'clerk', 'builtin' | 'clerk' | undefined, 'builtin' | 'clerk'>;
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** scrypt hash with its parameters and salt; null for Clerk users and erased users. */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** The TOTP secret, sealed like integration secrets. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  created_at: GeneratedTimestamp;
  removed_at: NullableTimestamp;
  erased_at: NullableTimestamp;
}
export interface RoleGrantsTable {
  id: string; tenant_id: string; user_id: string;
  site_id: ColumnType<string | null, string | null | undefined, string | null>;
  role: 'viewer' | 'operator' | 'manager' | 'admin';
  granted_at: GeneratedTimestamp;
  granted_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SignInsTable {
  id: string; tenant_id: string; user_id: string;
  device_id: ColumnType<string | null, string | null | undefined, string | null>;
  mfa: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: GeneratedTimestamp; expires_at: Timestamp; revoked_at: NullableTimestamp;
}
export interface RefreshTokensTable { token_hash: string; sign_in_id: string; expires_at: Timestamp; used_at: NullableTimestamp }
export interface ServerKeysTable { name: string; secret: string; created_at: GeneratedTimestamp }
export interface AuditLogTable {
  seq: Generated<string>; tenant_id: string; at: Timestamp;
  actor_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  actor_device_id: ColumnType<string | null, string | null | undefined, string | null>;
  action: string;
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  prev_hash: string; hash: string;
}
/** Each tenant's audit chain head, moved in the appending transaction: verify compares it to catch deleted newest entries. */
export interface AuditHeadsTable { tenant_id: string; count: BigCounter; last_seq: BigCounter; last_hash: string; updated_at: Timestamp }
export interface IntegrationSecretsTable { tenant_id: string; name: string; key_id: string; sealed: string; updated_at: GeneratedTimestamp }
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type JsonColumn = ColumnType<unknown, string, string>;
export type Vendor = 'shopify' | 'amazon' | 'unleashed' | 'xero';
export interface IntegrationsTable {
  id: string; tenant_id: string; vendor: Vendor; name: string;
  status: ColumnType<'active' | 'paused' | 'needs_reauth', 'active' | 'paused' | 'needs_reauth' | undefined, 'active' | 'paused' | 'needs_reauth'>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: GeneratedTimestamp; last_success_at: NullableTimestamp; last_error: Nullable<string>; last_error_at: NullableTimestamp;
}
export interface IntegrationRunsTable {
  id: string; tenant_id: string; integration_id: string; stream: string; started_at: GeneratedTimestamp; finished_at: NullableTimestamp;
  status: ColumnType<'running' | 'succeeded' | 'failed', 'running' | 'succeeded' | 'failed' | undefined, 'running' | 'succeeded' | 'failed'>;
  items: ColumnType<number, number | undefined, number>; error: Nullable<string>;
}
export interface IntegrationCursorsTable { tenant_id: string; integration_id: string; stream: string; cursor: string; updated_at: GeneratedTimestamp }
export interface WebhookDeliveriesTable {
  vendor: Vendor; event_id: string; tenant_id: Nullable<string>; integration_id: Nullable<string>; topic: string;
  received_at: GeneratedTimestamp; triggered_at: NullableTimestamp; payload: JsonColumn; processed_at: NullableTimestamp;
}
export interface ChannelOrdersTable {
  id: string; tenant_id: string; integration_id: string; channel: 'shopify' | 'amazon'; external_id: string; number: string; status: string;
  currency: string; total_minor: Money; fees_minor: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  ordered_at: Timestamp; external_updated_at: Timestamp; imported_at: GeneratedTimestamp;
}
export interface ChannelOrderLinesTable { tenant_id: string; order_id: string; line_id: string; sku: Nullable<string>; item_id: Nullable<string>; quantity: Numeric; price_minor: Money }
export interface ExternalStockLevelsTable {
  tenant_id: string; integration_id: string; sku: string; location_ref: string; item_id: Nullable<string>;
  available: Numeric; on_hand: ColumnType<string | null, string | number | null | undefined, string | number | null>; external_updated_at: Timestamp;
}
export interface DeadLettersTable {
  id: string; tenant_id: Nullable<string>; job: string; input: JsonColumn; error: string; attempts: number;
  failed_at: GeneratedTimestamp; resolved_at: NullableTimestamp; resolution: Nullable<'retried' | 'discarded'>;
}
export interface JobIdempotencyTable { key: string; job: string; completed_at: GeneratedTimestamp; result: ColumnType<unknown, string | null | undefined, string | null> }
export interface ImportsTable {
  id: string; tenant_id: string; kind: 'items' | 'stock_counts' | 'opening_balances' | 'boms'; file_name: string; mode: 'good_rows' | 'all_or_nothing';
  status: 'queued' | 'validating' | 'importing' | 'done' | 'failed'; total_rows: ColumnType<number, number | undefined, number>;
  good_rows: ColumnType<number, number | undefined, number>; bad_rows: ColumnType<number, number | undefined, number>;
  created_at: GeneratedTimestamp; finished_at: NullableTimestamp;
}
export interface ImportErrorsTable { tenant_id: string; import_id: string; row_number: number; column_name: Nullable<string>; reason: string }
/** Calls made to a vendor per calendar month (UTC), for vendors with a monthly quota (Unleashed). */
export interface IntegrationApiCallsTable {
  tenant_id: string; integration_id: string; period: string; calls: ColumnType<number, number | undefined, number>;
  warned_pct: ColumnType<number, number | undefined, number>; vendor_refused: ColumnType<boolean, boolean | undefined, boolean>; updated_at: GeneratedTimestamp;
}
/** Production orders (Unleashed assemblies). */
export interface AssembliesTable {
  id: string; tenant_id: string; integration_id: Nullable<string>; external_ref: ExternalRef; number: string; item_id: Nullable<string>;
  sku: string; quantity: Numeric; status: 'draft' | 'planned' | 'completed' | 'cancelled'; external_status: Nullable<string>;
  location_ref: Nullable<string>; planned_on: Nullable<string>; completed_on: Nullable<string>; external_updated_at: Timestamp;
}
/**
 * Unleashed's sales orders: the ERP's open order book (committed to ship), never sales revenue,
 * which comes from sales_daily and channel_orders (see migration 0013).
 */
export interface UnleashedSalesOrdersTable {
  id: string; tenant_id: string; integration_id: string; external_ref: string; number: string; order_status: string;
  ordered_on: string; required_on: Nullable<string>; customer_code: Nullable<string>; customer_name: Nullable<string>;
  currency: string; total_minor: Money; external_updated_at: Timestamp;
}
export interface UnleashedSalesOrderLinesTable {
  tenant_id: string; sales_order_id: string; line_number: number; item_id: Nullable<string>; sku: string; quantity: Numeric; unit_price_minor: Money;
}
/** A one-time OAuth `state` (hashed) binding a vendor's redirect to the tenant and admin who started it. */
export interface OAuthStatesTable {
  state_hash: string; tenant_id: string; user_id: string; vendor: Vendor;
  created_at: GeneratedTimestamp; expires_at: Timestamp; used_at: NullableTimestamp;
}
/** Each run of the forecasting job for a tenant: when, what it covered, how accurate, why it failed. */
export interface ForecastRunsTable {
  id: string; tenant_id: string; started_at: GeneratedTimestamp; finished_at: NullableTimestamp;
  status: ColumnType<'running' | 'succeeded' | 'failed', 'running' | 'succeeded' | 'failed' | undefined, 'running' | 'succeeded' | 'failed'>;
  first_week: DateOnly; horizon: number; history_weeks: number; items: ColumnType<number, number | undefined, number>;
  mase: Nullable<number>; smape: Nullable<number>; bias: Nullable<number>; error: Nullable<string>;
}
/** The latest demand forecast of an item at a site (the replicated `demand_forecast` document's source). */
export interface DemandForecastsTable {
  tenant_id: string; site_id: string; item_id: string; run_id: string; generated_at: Timestamp;
  history: JsonColumn; points: JsonColumn; weights: JsonColumn;
  mase: Nullable<number>; smape: Nullable<number>; bias: Nullable<number>; demand_class: string;
}
export interface Database extends FleetTables, FinanceTables, FinanceReportTables {
  tenants: TenantsTable;
  sites: SitesTable;
  locations: LocationsTable;
  suppliers: SuppliersTable;
  customers: CustomersTable;
  items: ItemsTable;
  item_barcodes: ItemBarcodesTable;
  bom_lines: BomLinesTable;
  stock_movements: StockMovementsTable;
  sales_daily: SalesDailyTable;
  promotions: PromotionsTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  invoices: InvoicesTable;
  payments: PaymentsTable;
  devices: DevicesTable;
  sync_scopes: SyncScopesTable;
  sync_rows: SyncRowsTable;
  device_enrollment_codes: DeviceEnrollmentCodesTable;
  sync_rejections: SyncRejectionsTable;
  count_sessions: CountSessionsTable;
  count_expected: CountExpectedTable;
  count_lines: CountLinesTable;
  count_audit: CountAuditTable;
  stock_allocations: StockAllocationsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sign_ins: SignInsTable;
  refresh_tokens: RefreshTokensTable;
  server_keys: ServerKeysTable;
  audit_log: AuditLogTable;
  integrations: IntegrationsTable;
  integration_runs: IntegrationRunsTable;
  integration_cursors: IntegrationCursorsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  channel_orders: ChannelOrdersTable;
  channel_order_lines: ChannelOrderLinesTable;
  external_stock_levels: ExternalStockLevelsTable;
  dead_letters: DeadLettersTable;
  job_idempotency: JobIdempotencyTable;
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  audit_heads: AuditHeadsTable;
  integration_secrets: IntegrationSecretsTable;
  oauth_states: OAuthStatesTable;
  integration_api_calls: IntegrationApiCallsTable;
  assemblies: AssembliesTable;
  unleashed_sales_orders: UnleashedSalesOrdersTable;
  unleashed_sales_order_lines: UnleashedSalesOrderLinesTable;
  forecast_runs: ForecastRunsTable;
  demand_forecasts: DemandForecastsTable;
}
