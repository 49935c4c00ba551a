import { roleSchema } from '@capliquify/shared';
import { z } from 'zod';
import { createUser, grantRole, listUsers, removeUser, revokeRole } from '../../auth/accounts.service';
import { authorizedProcedure, router } from '../trpc';

// Managing people is an admin's, with a second factor in this sign-in (shared actionPolicies).
const manageUsers = authorizedProcedure('users.manage');
const siteId = z.string().min(1).max(100).nullable();
const userId = z.string().min(1).max(100);

export const usersRouter = router({
  list: manageUsers.query(({ ctx }) => listUsers(ctx.db, ctx.principal.tenantId)),
  /** A built-in account, with a first role when given (siteId null: every site). */
  create: manageUsers
    .input(z.object({
      email: z.string().trim().min(1).max(320),
      displayName: z.string().trim().min(1).max(200),
      password: z.string().max(1_024),
      grant: z.object({ siteId, role: roleSchema }).optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const actor = { userId: ctx.principal.userId };
      return createUser(ctx.db, { tenantId: ctx.principal.tenantId, ...input }, actor);
    }),
  grant: manageUsers.input(z.object({ userId, siteId, role: roleSchema })).mutation(({ ctx, input }) =>
    grantRole(ctx.db, { tenantId: ctx.principal.tenantId, ...input }, { userId: ctx.principal.userId })),
  revoke: manageUsers.input(z.object({ userId, siteId })).mutation(({ ctx, input }) =>
    revokeRole(ctx.db, { tenantId: ctx.principal.tenantId, ...input }, { userId: ctx.principal.userId })),
  remove: manageUsers.input(z.object({ userId })).mutation(({ ctx, input }) =>
    removeUser(ctx.db, { tenantId: ctx.principal.tenantId, userId: input.userId }, { userId: ctx.principal.userId })),
});
