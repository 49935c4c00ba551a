import { pageInputSchema } from '@capliquify/shared';
import { getStockPage } from '../../domains/inventory/stock.service';
import { router, tenantProcedure } from '../trpc';

export const inventoryRouter = router({
  stockPage: tenantProcedure.input(pageInputSchema).query(({ ctx, input }) => getStockPage(ctx.db, ctx.tenantId, input)),
});
