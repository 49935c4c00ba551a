import { z } from 'zod';
import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { activeIntegrations } from '../integrations.repo';
import { processUnleashedRuntime, syncDepsFor, type UnleashedRuntime } from './unleashed-runtime';
import { unleashedSyncJob } from './unleashed-sync.job';
import { syncActiveUnleashed, type FanOutResult } from './unleashed-sync.service';

export const UNLEASHED_SYNC_EVERY_MS = 3_600_000;

/**
 * Every hour: one `unleashed-sync` job per active Unleashed integration, so each account retries
 * and dead-letters on its own. A runner that cannot queue from a job gets the syncs done here, in turn.
 */
export function createUnleashedSyncAllJob(runtime: () => UnleashedRuntime = processUnleashedRuntime) {
  return defineJob({
    name: 'unleashed-sync-all',
    input: z.object({}),
    retry: DEFAULT_RETRY,
    schedule: { everyMs: UNLEASHED_SYNC_EVERY_MS, input: {} },
    async perform(_input, ctx): Promise<{ queued: string[] } | FanOutResult> {
      if (!ctx.enqueue) return syncActiveUnleashed(syncDepsFor(ctx, runtime()));
      const queued: string[] = [];
      for (const integration of await activeIntegrations(ctx.db, 'unleashed')) {
        await ctx.enqueue(unleashedSyncJob, { tenantId: integration.tenant_id, integrationId: integration.id });
        queued.push(integration.id);
      }
      return { queued };
    },
  });
}

export const unleashedSyncAllJob = createUnleashedSyncAllJob();
