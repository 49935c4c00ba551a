import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { lastRuns, type IntegrationRun } from './integration-runs.repo';
import type { Integration } from './integrations.repo';

export interface IntegrationRunSummary {
  id: string;
  stream: string;
  status: IntegrationRun['status'];
  startedAt: string;
  finishedAt: string | null;
  items: number;
  error: string | null;
}

/** What an admin sees of one integration: who it is, whether it runs, how it went lately. */
export interface IntegrationStatus {
  id: string;
  tenantId: string;
  vendor: Integration['vendor'];
  name: string;
  status: Integration['status'];
  /** Non-secret settings (store domain, marketplace, API base URL); secrets never leave the sealed store. */
  settings: Record<string, unknown>;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  lastRuns: IntegrationRunSummary[];
}

/** Every integration of a tenant (or of all tenants, for the operator's CLI) with its last runs. */
export async function integrationStatuses(db: Kysely<Database>, options: { tenantId?: string; runs?: number } = {}): Promise<IntegrationStatus[]> {
  let query = db.selectFrom('integrations').selectAll().orderBy('tenant_id').orderBy('vendor').orderBy('name');
  if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
  const integrations = await query.execute();
  const runs = await lastRuns(db, integrations.map((i) => i.id), options.runs ?? 5);
  return integrations.map((i) => ({
    id: i.id, tenantId: i.tenant_id, vendor: i.vendor, name: i.name, status: i.status, settings: i.settings,
    lastSuccessAt: i.last_success_at?.toISOString() ?? null, lastError: i.last_error, lastErrorAt: i.last_error_at?.toISOString() ?? null,
    lastRuns: runs.filter((r) => r.integration_id === i.id).map((r) => ({
      id: r.id, stream: r.stream, status: r.status, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, items: r.items, error: r.error,
    })),
  }));
}

/** Stops an integration's scheduled syncs (the fan-out jobs skip it) until it is resumed. Audited. */
export async function pauseIntegration(db: Kysely<Database>, tenantId: string, integrationId: string, actorUserId: string | null): Promise<{ id: string; status: 'paused' }> {
  return db.transaction().execute(async (trx) => {
    const integration = await ownIntegration(trx, tenantId, integrationId);
    if (integration.status !== 'paused') {
      await trx.updateTable('integrations').set({ status: 'paused' }).where('id', '=', integrationId).execute();
      await appendAudit(trx, { tenantId, actorUserId, action: 'integration.paused', subject: `integration:${integrationId}`, details: { vendor: integration.vendor, was: integration.status } });
    }
    return { id: integrationId, status: 'paused' as const };
  });
}

/**
 * Lets a paused integration sync again. One that needs re-authorising stays as it is: resuming
 * would only fail again on the same dead credentials, so the admin must reconnect it.
 */
export async function resumeIntegration(db: Kysely<Database>, tenantId: string, integrationId: string, actorUserId: string | null): Promise<{ id: string; status: 'active' }> {
  return db.transaction().execute(async (trx) => {
    const integration = await ownIntegration(trx, tenantId, integrationId);
    if (integration.status === 'needs_reauth') {
      throw new AppError(ErrorCode.Conflict, `${integration.name} (${integration.vendor}) needs to be reconnected: its credentials were refused.`);
    }
    if (integration.status === 'paused') {
      await trx.updateTable('integrations').set({ status: 'active' }).where('id', '=', integrationId).execute();
      await appendAudit(trx, { tenantId, actorUserId, action: 'integration.resumed', subject: `integration:${integrationId}`, details: { vendor: integration.vendor } });
    }
    return { id: integrationId, status: 'active' as const };
  });
}

// Another tenant's integration is "not found", never "forbidden": its existence is not ours to know.
async function ownIntegration(db: Kysely<Database>, tenantId: string, integrationId: string): Promise<Integration> {
  const integration = await db.selectFrom('integrations').selectAll().where('id', '=', integrationId).where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
  if (!integration) throw new AppError(ErrorCode.NotFound, `There is no integration ${integrationId}.`);
  return integration;
}
