import { pageInputSchema } from '@capliquify/shared';
import { getItemsPage, getSitesSnapshot } from '../../domains/inventory/catalog.service';
import { router, tenantProcedure } from '../trpc';

export const catalogRouter = router({
  sites: tenantProcedure.query(({ ctx }) => getSitesSnapshot(ctx.db, ctx.tenantId)),
  itemsPage: tenantProcedure.input(pageInputSchema).query(({ ctx, input }) => getItemsPage(ctx.db, ctx.tenantId, input)),
});
