import { enrollRequestSchema, pushRequestSchema } from '@capliquify/shared';
import { enrollDevice } from '../../sync/enrollment.service';
import { pushCommands } from '../../sync/push.service';
import { deviceProcedure, publicProcedure, router } from '../trpc';

// Pull is served by the plain route `POST /sync/pull` (plugins/sync.plugin.ts): it is the hot path.
export const syncRouter = router({
  /** A one-time code for a device and its credential; the only sync call without a credential. */
  enroll: publicProcedure.input(enrollRequestSchema).mutation(({ ctx, input }) => enrollDevice(ctx.db, input)),
  push: deviceProcedure.input(pushRequestSchema).mutation(({ ctx, input }) =>
    pushCommands({ db: ctx.db, pokeBus: ctx.pokeBus, logger: ctx.logger }, ctx.device, input)),
});
