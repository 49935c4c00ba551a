import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { enrollRequestSchema, recordMovement } from '@capliquify/shared';
import { EnrollmentError } from '../sync-engine/enrollment-error';
import { UnknownCommandError } from '../sync-engine/local-commands.service';
import { answer } from './answer';
import { t } from './trpc';

// The renderer may leave the movement id to the core, which makes it once per command.
const recordMovementInput = recordMovement.args.extend({ movementId: z.uuid().optional() });

/** Local writes become queued commands; the sync panel reads the engine's state. */
export const commandsRouter = t.router({
  recordMovement: t.procedure.input(recordMovementInput).mutation(async ({ ctx, input }) => {
    try {
      // No one signed in: UNAUTHORIZED, nothing queued.
      return await answer(() => ctx.engine.queue(recordMovement.name, { ...input, movementId: input.movementId ?? crypto.randomUUID() }));
    } catch (error) {
      if (error instanceof UnknownCommandError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
  }),
  locations: t.procedure.query(({ ctx }) => ctx.engine.locations()),
});

export const syncRouter = t.router({
  status: t.procedure.query(({ ctx }) => ctx.engine.status()),
  rejections: t.procedure.query(({ ctx }) => ctx.engine.rejections()),
  markRejectionsSeen: t.procedure.mutation(({ ctx }) => ctx.engine.markRejectionsSeen()),
  now: t.procedure.mutation(({ ctx }) => ctx.engine.syncNow()),
  /** What the enrolment screen fills in before the person types anything. */
  enrollDefaults: t.procedure.query(({ ctx }) => ({ name: ctx.station.defaultName })),
  enroll: t.procedure.input(enrollRequestSchema).mutation(async ({ ctx, input }) => {
    try {
      const answer = await ctx.engine.enroll(input);
      return { deviceId: answer.deviceId, siteId: answer.siteId, scopes: answer.scopes };
    } catch (error) {
      // The message is the sentence the enrolment screen shows.
      if (error instanceof EnrollmentError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
      throw error;
    }
  }),
  pendingRows: t.procedure.query(({ ctx }) => ctx.engine.pendingRows()),
});

export const outboxRouter = t.router({
  export: t.procedure.query(({ ctx }) => ctx.engine.exportOutbox()),
});
