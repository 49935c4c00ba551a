import { z } from 'zod';
import { deadLetters, discardDeadLetter, retryDeadLetter } from '../../jobs/dead-letters.service';
import { authorizedProcedure, router } from '../trpc';

// Background jobs are an admin's, with a second factor (shared actionPolicies), and only their tenant's.
const manageIntegrations = authorizedProcedure('integrations.manage');
const letter = z.object({ deadLetterId: z.string().min(1).max(100) });

export const jobsRouter = router({
  /** The tenant's jobs that will not be retried by themselves: job, input, reason, attempts. */
  deadLetters: manageIntegrations
    .input(z.object({ includeResolved: z.boolean().optional(), limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => deadLetters(ctx.db, { tenantId: ctx.principal.tenantId, ...input })),
  /** Queues the job again with the same input; the letter is marked retried. */
  retry: manageIntegrations.input(letter).mutation(({ ctx, input }) =>
    retryDeadLetter(ctx.db, ctx.jobs, input.deadLetterId, { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId })),
  /** Gives the job up; the letter is marked discarded and kept for the record. */
  discard: manageIntegrations.input(letter).mutation(({ ctx, input }) =>
    discardDeadLetter(ctx.db, input.deadLetterId, { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId })),
});
