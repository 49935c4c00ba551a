import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { PermanentJobError } from '../../jobs/job';
import type { SecretBox } from '../../security/secret-box';
import { IntegrationError } from '../integration-error';
import { recordRun } from '../integration-runs.service';
import { activeIntegrations, getCursor, setCursor, type Integration } from '../integrations.repo';
import type { UnleashedClient } from './unleashed.client';
import { writeProducts, writeSuppliers } from './unleashed-catalog.service';
import { openUnleashedClient, type ClientTuning } from './unleashed-connection.service';
import { formatModifiedSince } from './unleashed-dates';
import { writeBillsOfMaterials, writeStockOnHand } from './unleashed-inventory.service';
import { writeAssemblies, writePurchaseOrders } from './unleashed-orders.service';
import { writeSalesOrders } from './unleashed-sales-orders.service';
import { readUnleashedSettings, type UnleashedSettings } from './unleashed-settings';
import type { PageWrite, UnleashedStream } from './unleashed-stream';
import {
  assemblySchema, billOfMaterialsSchema, productSchema, purchaseOrderSchema, salesOrderSchema, stockOnHandSchema, supplierSchema,
} from './unleashed.schemas';

const stream = <T extends { LastModifiedOn: Date }>(name: string, endpoint: string, schema: UnleashedStream<T>['schema'], write: UnleashedStream<T>['write']): UnleashedStream<T> =>
  ({ name, endpoint, schema, write, modifiedOn: (r) => r.LastModifiedOn });

/**
 * The streams in the order they must run: suppliers before the products that name them, products
 * before the stock, bills and orders that name products. SalesOrders come last and land only in
 * the open order book (unleashed_sales_orders), never in sales_daily or channel_orders: sales
 * come from Shopify and Amazon, whose orders Unleashed holds too, so reading them as sales would
 * count every sale twice.
 */
export const UNLEASHED_STREAMS = [
  stream('suppliers', 'Suppliers', supplierSchema, writeSuppliers),
  stream('products', 'Products', productSchema, writeProducts),
  stream('stock-on-hand', 'StockOnHand', stockOnHandSchema, writeStockOnHand),
  stream('bills-of-materials', 'BillOfMaterials', billOfMaterialsSchema, writeBillsOfMaterials),
  stream('purchase-orders', 'PurchaseOrders', purchaseOrderSchema, writePurchaseOrders),
  stream('assemblies', 'Assemblies', assemblySchema, writeAssemblies),
  stream('sales-orders', 'SalesOrders', salesOrderSchema, writeSalesOrders),
] as const;

export interface SyncDeps {
  db: Kysely<Database>;
  box: SecretBox;
  log: Logger;
  tuning?: ClientTuning;
  /** Told after each stream (the job's progress). */
  onStream?: (done: number, total: number, stream: string) => Promise<void>;
}

/** Records seen per stream. */
export type SyncResult = Record<string, number>;

/**
 * Brings one Unleashed integration up to date, stream by stream in order, each recorded as a run.
 * Each stream asks only for what changed since its cursor (modifiedSince), writes page by page
 * in tenant-scoped transactions, and moves its cursor only once every page is written, so a
 * failure part-way repeats the stream next time instead of skipping records. A failing stream
 * stops the sync (later streams depend on earlier ones) and its error is rethrown.
 */
export async function syncUnleashedIntegration(deps: SyncDeps, integration: Integration): Promise<SyncResult> {
  const settings = readUnleashedSettings(integration);
  const log = deps.log.child({ integrationId: integration.id });
  // Opened inside the first run, so a missing key or site is recorded on the integration like any failure.
  let opened: { client: UnleashedClient; defaults: PageWrite['defaults'] } | undefined;
  const open = async () => (opened ??= {
    defaults: await defaultsFor(deps.db, integration, settings),
    client: await openUnleashedClient(deps.db, deps.box, integration, log, deps.tuning),
  });
  const result: SyncResult = {};
  for (const [index, s] of UNLEASHED_STREAMS.entries()) {
    const spec = s as UnleashedStream<{ LastModifiedOn: Date }>;
    result[spec.name] = await recordRun(deps.db, integration, spec.name, async () => {
      const { client, defaults } = await open();
      return runStream({ ...deps, log }, client, integration, settings, defaults, spec);
    });
    await deps.onStream?.(index + 1, UNLEASHED_STREAMS.length, spec.name);
  }
  return result;
}

async function runStream<T>(
  deps: SyncDeps, client: UnleashedClient, integration: Integration, settings: UnleashedSettings,
  defaults: PageWrite['defaults'], spec: UnleashedStream<T>,
): Promise<number> {
  const cursor = await getCursor(deps.db, integration.id, spec.name);
  const params: Record<string, string> = cursor ? { modifiedSince: formatModifiedSince(new Date(cursor)) } : {};
  let newest = cursor ? new Date(cursor).getTime() : null;
  let seen = 0;
  for await (const envelope of client.pages(spec.endpoint, params, settings.pageSize)) {
    const records = envelope.Items.map((item, i) => {
      const parsed = spec.schema.safeParse(item);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new IntegrationError('unleashed', 'bad_payload',
        `Unleashed ${spec.endpoint} page ${envelope.Pagination.PageNumber}, item ${i + 1} is unreadable (${issue?.path.join('.') || 'item'}: ${issue?.message})`);
    });
    if (records.length === 0) continue;
    await withTenantScope(deps.db, integration.tenant_id, (trx) =>
      spec.write({ trx, tenantId: integration.tenant_id, integration, settings, defaults, log: deps.log }, records));
    for (const record of records) newest = Math.max(newest ?? 0, spec.modifiedOn(record).getTime());
    seen += records.length;
  }
  if (newest !== null) await setCursor(deps.db, integration, spec.name, new Date(newest).toISOString());
  return seen;
}

async function defaultsFor(db: Kysely<Database>, integration: Integration, settings: UnleashedSettings): Promise<PageWrite['defaults']> {
  const tenant = await db.selectFrom('tenants').select('base_currency').where('id', '=', integration.tenant_id).executeTakeFirstOrThrow();
  const site = await db.selectFrom('sites').select('id').where('tenant_id', '=', integration.tenant_id)
    .$if(settings.siteId !== null, (q) => q.where('id', '=', settings.siteId!)).orderBy('id').executeTakeFirst();
  if (!site) throw new PermanentJobError(`Unleashed integration ${integration.name}: ${settings.siteId ? `site ${settings.siteId} is not one of the tenant's` : 'the tenant has no site'} to put new items in`);
  return { siteId: site.id, currency: settings.currency ?? tenant.base_currency.trim() };
}

export interface FanOutResult { synced: string[]; failed: { integrationId: string; error: string }[] }

/**
 * Syncs every active Unleashed integration in turn (the hourly schedule when jobs cannot queue
 * jobs). One account's failure (a bad key, a spent quota) is recorded on its runs and does not
 * stop the others.
 */
export async function syncActiveUnleashed(deps: SyncDeps): Promise<FanOutResult> {
  const result: FanOutResult = { synced: [], failed: [] };
  for (const integration of await activeIntegrations(deps.db, 'unleashed')) {
    try {
      await syncUnleashedIntegration(deps, integration);
      result.synced.push(integration.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn({ integrationId: integration.id, err: error }, `Unleashed sync of ${integration.name} failed: ${message}`);
      result.failed.push({ integrationId: integration.id, error: message });
    }
  }
  return result;
}
