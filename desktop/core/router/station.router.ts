import { z } from 'zod';
import { answer } from './counting.router';
import { t } from './trpc';

/** Who is counting at this station. */
export const stationRouter = t.router({
  person: t.procedure.query(async ({ ctx }) => ({ name: await ctx.station.person() })),
  setPerson: t.procedure.input(z.object({ name: z.string().max(200) }))
    .mutation(({ ctx, input }) => answer(async () => ({ name: await ctx.station.setPerson(input.name) }))),
});
