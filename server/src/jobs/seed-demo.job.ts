import { z } from 'zod';
import { loadSeedDemoData } from '../db/seed-demo.port';
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
    return result;
  },
});
