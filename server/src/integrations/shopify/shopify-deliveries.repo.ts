import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, WebhookDeliveriesTable } from '../../db/schema';

export type StoredDelivery = Selectable<WebhookDeliveriesTable>;

export interface DeliveryInput {
  eventId: string;
  tenantId: string;
  integrationId: string;
  topic: string;
  triggeredAt: Date | null;
  payload: unknown;
}

/**
 * Keeps a delivery unless one with the same event id is already kept: true for the first. The
 * primary key decides, so two API instances receiving the same event at once keep it once.
 */
export async function recordDelivery(db: Kysely<Database>, delivery: DeliveryInput): Promise<boolean> {
  const inserted = await db.insertInto('webhook_deliveries')
    .values({
      vendor: 'shopify', event_id: delivery.eventId, tenant_id: delivery.tenantId, integration_id: delivery.integrationId,
      topic: delivery.topic, triggered_at: delivery.triggeredAt, payload: JSON.stringify(delivery.payload),
    })
    .onConflict((oc) => oc.columns(['vendor', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findDelivery(db: Kysely<Database>, eventId: string): Promise<StoredDelivery | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('vendor', '=', 'shopify').where('event_id', '=', eventId).executeTakeFirst();
}

/** Whether the delivery was processed, read under a row lock: a second worker on the same event waits here. */
export async function lockDelivery(trx: Transaction<Database>, eventId: string): Promise<{ processed: boolean } | undefined> {
  const row = await trx.selectFrom('webhook_deliveries').select('processed_at')
    .where('vendor', '=', 'shopify').where('event_id', '=', eventId)
    .forUpdate().executeTakeFirst();
  return row && { processed: row.processed_at !== null };
}

export async function markDeliveryProcessed(trx: Transaction<Database>, eventId: string): Promise<void> {
  await trx.updateTable('webhook_deliveries').set({ processed_at: new Date() }).where('vendor', '=', 'shopify').where('event_id', '=', eventId).execute();
}

/**
 * Deliveries kept but still unprocessed after `receivedBefore` (their job was lost, or their store
 * was paused and is active again), leaving out those already in the dead letters: an admin
 * decides about those.
 */
export async function stuckDeliveries(db: Kysely<Database>, receivedBefore: Date, limit = 500): Promise<{ eventId: string; tenantId: string | null }[]> {
  const rows = await db.selectFrom('webhook_deliveries as d')
    .innerJoin('integrations as i', 'i.id', 'd.integration_id')
    .select(['d.event_id', 'd.tenant_id'])
    .where('d.vendor', '=', 'shopify').where('d.processed_at', 'is', null).where('d.received_at', '<', receivedBefore)
    .where('i.status', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('dead_letters as l').select(sql`1`.as('one')).where('l.job', '=', 'shopify-webhook').where(sql`l.input->>'eventId'`, '=', sql.ref('d.event_id')),
    )))
    .orderBy('d.received_at').limit(limit)
    .execute();
  return rows.map((row) => ({ eventId: row.event_id, tenantId: row.tenant_id }));
}
