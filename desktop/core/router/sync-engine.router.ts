import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { enrollRequestSchema, recordMovement } from '@capliquify/shared';
import type { SyncEngineApi } from '../sync-engine/sync-engine-api';
import { UnknownCommandError } from '../sync-engine/local-commands.service';
import { t, type LocalContext } from './trpc';

function requireEngine(ctx: LocalContext): SyncEngineApi {
  if (!ctx.engine) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This station runs the snapshot sync; the sync engine is off.' });
  return ctx.engine;
}

// The renderer may leave the movement id to the core, which makes it once per command.
const recordMovementInput = recordMovement.args.extend({ movementId: z.uuid().optional() });

/** Local writes become queued commands; the sync panel reads the engine's state. */
export const commandsRouter = t.router({
  recordMovement: t.procedure.input(recordMovementInput).mutation(async ({ ctx, input }) => {
    try {
      return await requireEngine(ctx).queue(recordMovement.name, { ...input, movementId: input.movementId ?? crypto.randomUUID() });
    } catch (error) {
      if (error instanceof UnknownCommandError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
  }),
  locations: t.procedure.query(({ ctx }) => requireEngine(ctx).locations()),
});

export const syncEngineProcedures = {
  status: t.procedure.query(({ ctx }) => requireEngine(ctx).status()),
  rejections: t.procedure.query(({ ctx }) => requireEngine(ctx).rejections()),
  markRejectionsSeen: t.procedure.mutation(({ ctx }) => requireEngine(ctx).markRejectionsSeen()),
  now: t.procedure.mutation(({ ctx }) => requireEngine(ctx).syncNow()),
  enroll: t.procedure.input(enrollRequestSchema).mutation(async ({ ctx, input }) => {
    const answer = await requireEngine(ctx).enroll(input);
    return { deviceId: answer.deviceId, siteId: answer.siteId, scopes: answer.scopes };
  }),
  pendingRows: t.procedure.query(({ ctx }) => requireEngine(ctx).pendingRows()),
};

export const outboxRouter = t.router({
  export: t.procedure.query(({ ctx }) => requireEngine(ctx).exportOutbox()),
});
