import { z } from 'zod';
import { t } from './trpc';

/** On-hand, allocated and available per location and item, from the replica. */
export const stockRouter = t.router({
  levels: t.procedure.input(z.object({
    q: z.string().max(200).optional(),
    locationId: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })).query(({ ctx, input }) => ctx.stock.levels(input)),
});
