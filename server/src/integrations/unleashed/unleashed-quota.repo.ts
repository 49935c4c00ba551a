import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface CallKey { tenantId: string; integrationId: string; period: string }

/**
 * Counts one call in the month, atomically, unless the month is spent (`quota` reached, or the
 * vendor said so): then nothing is counted and null comes back. Safe with any number of workers.
 */
export async function countCall(db: Kysely<Database>, key: CallKey, quota: number | null): Promise<{ calls: number; warnedPct: number } | null> {
  const row = await db.insertInto('integration_api_calls')
    .values({ tenant_id: key.tenantId, integration_id: key.integrationId, period: key.period, calls: 1 })
    .onConflict((oc) => oc.columns(['integration_id', 'period'])
      .doUpdateSet({ calls: sql`integration_api_calls.calls + 1`, updated_at: sql`now()` })
      .where(sql<boolean>`not integration_api_calls.vendor_refused and (${quota}::integer is null or integration_api_calls.calls < ${quota}::integer)`))
    .returning(['calls', 'warned_pct'])
    .executeTakeFirst();
  return row ? { calls: row.calls, warnedPct: row.warned_pct } : null;
}

/** Records that the month reached `level` %; false when another worker already did (warn once). */
export async function raiseWarnedLevel(db: Kysely<Database>, key: CallKey, level: number): Promise<boolean> {
  const row = await db.updateTable('integration_api_calls').set({ warned_pct: level })
    .where('integration_id', '=', key.integrationId).where('period', '=', key.period).where('warned_pct', '<', level)
    .returning('warned_pct').executeTakeFirst();
  return row !== undefined;
}

/** The vendor refused a call for a spent quota: every further call of the month is refused here. */
export async function markVendorRefused(db: Kysely<Database>, key: CallKey): Promise<void> {
  await db.insertInto('integration_api_calls')
    .values({ tenant_id: key.tenantId, integration_id: key.integrationId, period: key.period, vendor_refused: true, warned_pct: 100 })
    .onConflict((oc) => oc.columns(['integration_id', 'period']).doUpdateSet({ vendor_refused: true, warned_pct: 100, updated_at: sql`now()` }))
    .execute();
}

/** After an admin saves the integration again (more calls bought): try the vendor again. */
export async function clearVendorRefusal(db: Kysely<Database>, integrationId: string): Promise<void> {
  await db.updateTable('integration_api_calls').set({ vendor_refused: false }).where('integration_id', '=', integrationId).where('vendor_refused', '=', true).execute();
}

export async function readMonthUsage(db: Kysely<Database>, integrationId: string, period: string): Promise<{ calls: number; vendorRefused: boolean }> {
  const row = await db.selectFrom('integration_api_calls').select(['calls', 'vendor_refused'])
    .where('integration_id', '=', integrationId).where('period', '=', period).executeTakeFirst();
  return { calls: row?.calls ?? 0, vendorRefused: row?.vendor_refused ?? false };
}

/** Puts (or replaces) the quota note among the integration's settings, leaving the others alone. */
export async function setQuotaNote(db: Kysely<Database>, integrationId: string, note: Record<string, unknown>): Promise<void> {
  await db.updateTable('integrations')
    .set({ settings: sql<string>`settings || jsonb_build_object('quotaWarning', ${JSON.stringify(note)}::jsonb)` })
    .where('id', '=', integrationId).execute();
}

/** Drops a quota note left from an earlier month. */
export async function clearStaleQuotaNote(db: Kysely<Database>, integrationId: string, period: string): Promise<void> {
  await db.updateTable('integrations').set({ settings: sql<string>`settings - 'quotaWarning'` })
    .where('id', '=', integrationId).where(sql<boolean>`settings->'quotaWarning'->>'period' is distinct from ${period}`)
    .where(sql<boolean>`settings ? 'quotaWarning'`).execute();
}
