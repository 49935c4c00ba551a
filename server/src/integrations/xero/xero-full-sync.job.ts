import { z } from 'zod';
import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { activeIntegrations } from '../integrations.repo';
import { performXeroSync, xeroSyncInput } from './xero-delta-sync.job';
import { processXeroRuntime, type XeroRuntime } from './xero-runtime';

export const XERO_FULL_SYNC_EVERY_MS = 24 * 3_600_000;

/**
 * Daily: everything of every active Xero organisation, which also repairs whatever a delta missed.
 * Scheduled with no input it fans out: one job per organisation when the runner can queue (each
 * then retried or dead-lettered on its own), or each in turn when it cannot, one failure not
 * stopping the others (each run and its error are recorded for the admins).
 */
export function createXeroFullSyncJob(runtime: () => XeroRuntime | null) {
  const job = defineJob({
    name: 'xero-full-sync',
    input: z.union([xeroSyncInput, z.strictObject({})]),
    retry: DEFAULT_RETRY,
    schedule: { everyMs: XERO_FULL_SYNC_EVERY_MS, input: {} },
    async perform(input, ctx) {
      const single = xeroSyncInput.safeParse(input);
      if (single.success) return performXeroSync(runtime(), single.data, 'full', ctx);
      const organisations = await activeIntegrations(ctx.db, 'xero');
      const results: { integrationId: string; jobId?: string; error?: string }[] = [];
      for (const integration of organisations) {
        const one = { tenantId: integration.tenant_id, integrationId: integration.id };
        if (ctx.enqueue) {
          results.push({ integrationId: integration.id, jobId: await ctx.enqueue(job, one) });
          continue;
        }
        try {
          await performXeroSync(runtime(), one, 'full', ctx);
          results.push({ integrationId: integration.id });
        } catch (error) {
          results.push({ integrationId: integration.id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      ctx.log.info({ organisations: organisations.length, failed: results.filter((r) => r.error).length }, 'Xero daily sync fanned out');
      return { results };
    },
  });
  return job;
}

export const xeroFullSyncJob = createXeroFullSyncJob(processXeroRuntime);
