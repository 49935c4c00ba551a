import { t } from './trpc';

/** Who is at this station: the signed-in operator's name (sign-in itself is `session.*`). */
export const stationRouter = t.router({
  person: t.procedure.query(async ({ ctx }) => ({ name: await ctx.station.person() })),
});
