import { z } from 'zod';
import { defineCommand } from './define-command';

/**
 * Record a stock movement at a location (goods received, issued to production, a quick
 * correction). The client picks `movementId` so a retried command can never post twice.
 */
export const recordMovement = defineCommand(
  'inventory.recordMovement',
  z.object({
    movementId: z.string().uuid(),
    siteId: z.string().min(1),
    locationId: z.string().min(1),
    itemId: z.string().min(1),
    kind: z.enum(['receipt', 'issue', 'count_adjustment']),
    /** Positive for receipts and issues (the kind gives the sign); signed for adjustments. */
    quantity: z.number().finite().refine((q) => q !== 0, 'quantity must not be zero'),
    note: z.string().max(500).optional(),
  }),
);
