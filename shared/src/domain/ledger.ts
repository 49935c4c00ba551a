import { z } from 'zod';

/** The kinds of movement in the append-only stock ledger; on-hand is their signed sum. */
export const movementKindSchema = z.enum([
  'receipt',
  'issue',
  'transfer_in',
  'transfer_out',
  'count_adjustment',
  'production_consumption',
  'production_output',
  'shipment',
]);
export type MovementKind = z.infer<typeof movementKindSchema>;

export const salesChannelSchema = z.enum(['shopify', 'amazon']);
export type SalesChannel = z.infer<typeof salesChannelSchema>;
