import { z } from 'zod';
import { countSessionStatusSchema } from '@capliquify/shared';
import type { CreateSessionInput } from '../counting/count-session.service';
import { answer } from './answer';
import { t } from './trpc';

const session = z.object({ sessionId: z.string().min(1) });
// Checked in full by the service with the shared command schema, so its messages reach the screen.
const createInput = z.custom<CreateSessionInput>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'session settings are required');

/** Count sessions, scanning and the counting reports, all from the replica (offline too). */
export const countingRouter = t.router({
  sessions: t.procedure.input(z.object({ status: countSessionStatusSchema.optional() }).optional())
    .query(({ ctx, input }) => ctx.counting.sessions(input?.status)),
  session: t.procedure.input(session).query(({ ctx, input }) => answer(() => ctx.counting.session(input.sessionId))),
  create: t.procedure.input(createInput).mutation(({ ctx, input }) => answer(() => ctx.counting.create(input))),
  start: t.procedure.input(session).mutation(({ ctx, input }) => answer(() => ctx.counting.start(input.sessionId))),
  submit: t.procedure.input(session).mutation(({ ctx, input }) => answer(() => ctx.counting.submit(input.sessionId))),
  approve: t.procedure.input(session).mutation(({ ctx, input }) => answer(() => ctx.counting.approve(input.sessionId))),
  cancel: t.procedure.input(session.extend({ reason: z.string().max(500) }))
    .mutation(({ ctx, input }) => answer(() => ctx.counting.cancel(input.sessionId, input.reason))),
  requestRecount: t.procedure.input(session.extend({ lines: z.array(z.object({ locationId: z.string().min(1), itemId: z.string().min(1) })) }))
    .mutation(({ ctx, input }) => answer(() => ctx.counting.requestRecount(input.sessionId, input.lines))),
  resolveLocation: t.procedure.input(session.extend({ raw: z.string().max(500) }))
    .query(({ ctx, input }) => answer(() => ctx.counting.resolveLocation(input.sessionId, input.raw))),
  scan: t.procedure.input(session.extend({ locationId: z.string().min(1), raw: z.string().max(500), quantity: z.number().optional() }))
    .mutation(({ ctx, input }) => answer(() => ctx.counting.scan(input))),
  undoLast: t.procedure.input(session).mutation(({ ctx, input }) => answer(() => ctx.counting.undoLast(input.sessionId))),
  export: t.procedure.input(session.extend({ report: z.enum(['sheet', 'variance']), format: z.enum(['csv', 'xlsx', 'pdf']) }))
    .query(({ ctx, input }) => answer(() => ctx.counting.export(input.sessionId, input.report, input.format))),
});
