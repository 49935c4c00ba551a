import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Integration } from '../integrations.repo';
import type { AmazonOrderRow, AmazonStockRow } from './amazon.mapper';

type Owner = Pick<Integration, 'id' | 'tenant_id'>;

/**
 * Inserts or updates Amazon orders keyed on (integration, AmazonOrderId). A row already holding a
 * newer or equal LastUpdateDate is left alone, so a stale page (a retried job, an old listing
 * overlapping a new one) never overwrites what a later one brought. Returns how many rows changed.
 */
export async function upsertAmazonOrders(db: Kysely<Database>, integration: Owner, rows: AmazonOrderRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await db.insertInto('channel_orders')
    .values(rows.map((row) => ({
      id: `cho_${randomUUID()}`, tenant_id: integration.tenant_id, integration_id: integration.id, channel: 'amazon' as const,
      external_id: row.externalId, number: row.number, status: row.status, currency: row.currency,
      total_minor: row.totalMinor, fees_minor: row.feesMinor, ordered_at: row.orderedAt, external_updated_at: row.externalUpdatedAt,
    })))
    .onConflict((oc) => oc.columns(['integration_id', 'external_id'])
      .doUpdateSet((eb) => ({
        number: eb.ref('excluded.number'), status: eb.ref('excluded.status'), currency: eb.ref('excluded.currency'),
        total_minor: eb.ref('excluded.total_minor'), fees_minor: eb.ref('excluded.fees_minor'), ordered_at: eb.ref('excluded.ordered_at'),
        external_updated_at: eb.ref('excluded.external_updated_at'), imported_at: new Date(),
      }))
      .whereRef('channel_orders.external_updated_at', '<', 'excluded.external_updated_at'))
    .returning('id')
    .execute();
  return changed.length;
}

/** Inserts or updates FBA stock levels keyed on (integration, SKU, marketplace); only a newer summary changes a row. */
export async function upsertAmazonStockLevels(
  db: Kysely<Database>, integration: Owner, rows: (AmazonStockRow & { itemId: string | null })[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await db.insertInto('external_stock_levels')
    .values(rows.map((row) => ({
      tenant_id: integration.tenant_id, integration_id: integration.id, sku: row.sku, location_ref: row.locationRef,
      item_id: row.itemId, available: row.available, on_hand: row.onHand, external_updated_at: row.externalUpdatedAt,
    })))
    .onConflict((oc) => oc.columns(['integration_id', 'sku', 'location_ref'])
      .doUpdateSet((eb) => ({
        item_id: eb.ref('excluded.item_id'), available: eb.ref('excluded.available'), on_hand: eb.ref('excluded.on_hand'),
        external_updated_at: eb.ref('excluded.external_updated_at'),
      }))
      .whereRef('external_stock_levels.external_updated_at', '<', 'excluded.external_updated_at'))
    .returning('sku')
    .execute();
  return changed.length;
}

/** Our item id for each SKU of the tenant's catalogue that matches one of `skus`. */
export async function itemIdsBySku(db: Kysely<Database>, tenantId: string, skus: string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await db.selectFrom('items').select(['id', 'sku']).where('tenant_id', '=', tenantId).where('sku', 'in', skus).execute();
  return new Map(rows.map((row) => [row.sku, row.id]));
}

export async function tenantBaseCurrency(db: Kysely<Database>, tenantId: string): Promise<string> {
  const row = await db.selectFrom('tenants').select('base_currency').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return row.base_currency;
}
