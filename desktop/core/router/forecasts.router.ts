import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { t } from './trpc';

/** Demand forecasts from the replica: read-only, so they answer the same with the network down. */
export const forecastsRouter = t.router({
  list: t.procedure.input(z.object({
    siteId: z.string().min(1).optional(),
    q: z.string().max(200).default(''),
    sort: z.enum(['sku', 'accuracy', 'volume']).default('sku'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })).query(({ ctx, input }) => ctx.forecasts.list(input)),
  get: t.procedure.input(z.object({ siteId: z.string().min(1), itemId: z.string().min(1) })).query(async ({ ctx, input }) => {
    const detail = await ctx.forecasts.get(input.siteId, input.itemId);
    if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: `This station holds no forecast for item ${input.itemId} at site ${input.siteId}` });
    return detail;
  }),
});
