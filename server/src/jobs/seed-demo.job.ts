import { z } from 'zod';
import { loadSeedDemoData } from '../db/seed-demo.port';
import { DEMO_TENANT_ID } from '../domains/tenancy/tenant.repo';
import { forecastJob } from './forecast.job';
import { DEFAULT_RETRY, defineJob } from './job';

/** Seeds the demo manufacturer into a database that does not have it yet; a no-op otherwise. */
export const seedDemoJob = defineJob({
  name: 'seed-demo',
  input: z.object({
    size: z.enum(['full', 'small']),
    endDate: z.iso.date().optional(),
  }),
  retry: DEFAULT_RETRY,
  async perform(input, ctx) {
    const seedDemoData = await loadSeedDemoData();
    const result = await seedDemoData(ctx.db, { ...input, log: (msg) => ctx.log.info(msg) });
    ctx.log.info({ seeded: result.seeded, counts: result.counts }, result.seeded ? 'demo data seeded' : 'demo data already present');
    // The demo's first forecasts, so a planner opening the app sees them (then the daily schedule).
    if (result.seeded) await ctx.enqueue?.(forecastJob, { tenantId: DEMO_TENANT_ID });
    return result;
  },
});
