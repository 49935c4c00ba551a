import { z } from 'zod';
import { erasePerson, exportPerson } from '../../privacy/privacy.service';
import { authorizedProcedure, router } from '../trpc';

// GDPR access and erasure act on anyone in the tenant: the same right as managing people.
const managePeople = authorizedProcedure('users.manage');
const person = z.object({ userId: z.string().min(1).max(100) });

export const privacyRouter = router({
  /** One JSON document with everything held about the person. */
  exportPerson: managePeople.input(person).query(({ ctx, input }) => exportPerson(ctx.db, ctx.principal.tenantId, input.userId)),
  /** Anonymises the person for good; a second call answers `alreadyErased: true`. */
  erasePerson: managePeople.input(person).mutation(({ ctx, input }) =>
    erasePerson(ctx.db, ctx.principal.tenantId, input.userId, ctx.principal.userId, { bus: ctx.pokeBus })),
});
