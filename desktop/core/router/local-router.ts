import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminRouter } from './admin.router';
import { countingRouter } from './counting.router';
import { fleetRouter } from './fleet.router';
import { financeRouter } from './finance.router';
import { forecastsRouter } from './forecasts.router';
import { sessionRouter } from './session.router';
import { stationRouter } from './station.router';
import { stockRouter } from './stock.router';
import { commandsRouter, outboxRouter, syncRouter } from './sync-engine.router';
import { t } from './trpc';
import { updatesRouter } from './updates.router';

const searchInput = z.object({
  q: z.string().max(200).default(''),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

/** The router the renderer calls, over a MessagePort in Electron and over HTTP in the browser host. */
export const localRouter = t.router({
  items: t.router({
    search: t.procedure.input(searchInput).query(({ ctx, input }) => ctx.items.search(input)),
    get: t.procedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
      const detail = await ctx.items.get(input.id);
      if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: `No item ${input.id} in the local replica` });
      return detail;
    }),
  }),
  sync: syncRouter,
  commands: commandsRouter,
  outbox: outboxRouter,
  counting: countingRouter,
  stock: stockRouter,
  forecasts: forecastsRouter,
  finance: financeRouter,
  station: stationRouter,
  session: sessionRouter,
  admin: adminRouter,
  fleet: fleetRouter,
  updates: updatesRouter,
});

export type LocalRouter = typeof localRouter;
