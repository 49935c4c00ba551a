import { z } from 'zod';
import { compactAllTombstones, DEFAULT_KEEP_DAYS } from '../sync/compaction.service';
import { DEFAULT_RETRY, defineJob } from './job';

/**
 * Deletes replicated tombstones older than `keepDays` in every tenant and scope, raising each
 * scope's floor so a device that has not synced since then re-bootstraps instead of missing a
 * delete. Running it again changes nothing. Runs daily by itself.
 */
export const compactTombstonesJob = defineJob({
  name: 'compact-tombstones',
  input: z.object({ keepDays: z.number().int().min(0).max(3_650) }),
  retry: DEFAULT_RETRY,
  schedule: { everyMs: 24 * 60 * 60 * 1_000, input: { keepDays: DEFAULT_KEEP_DAYS } },
  async perform(input, ctx) {
    const tenants = await compactAllTombstones(ctx.db, { keepDays: input.keepDays });
    const deleted = Object.values(tenants).flat().reduce((n, s) => n + s.deleted, 0);
    ctx.log.info({ keepDays: input.keepDays, deleted, tenants }, deleted > 0 ? 'tombstones compacted' : 'no tombstones to compact');
    return tenants;
  },
});
