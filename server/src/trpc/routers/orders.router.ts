import { z } from 'zod';
import { listChannelOrders, MAX_ORDERS_PAGE } from '../../domains/orders/channel-orders.service';
import { authorizedProcedure, router } from '../trpc';

export const ordersRouter = router({
  /** The tenant's channel orders (Shopify, Amazon), newest first, a page at a time. */
  list: authorizedProcedure('orders.view')
    .input(z.object({
      channel: z.enum(['shopify', 'amazon']).optional(),
      limit: z.number().int().min(1).max(MAX_ORDERS_PAGE).optional(),
      cursor: z.string().min(1).max(500).optional(),
    }).optional())
    .query(({ ctx, input }) => listChannelOrders(ctx.db, ctx.principal.tenantId, input ?? {})),
});
