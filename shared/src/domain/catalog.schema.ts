import { z } from 'zod';

/** What an item is to the plant: bought in, made from others, or sold. */
export const itemTypeSchema = z.enum(['raw', 'component', 'finished']);
export type ItemType = z.infer<typeof itemTypeSchema>;

export const siteSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['plant', 'warehouse']),
  timezone: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

export const locationSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  code: z.string(),
  name: z.string(),
});
export type Location = z.infer<typeof locationSchema>;

/** Money is integer minor units with its currency; quantities are decimals in the item's unit. */
export const itemSchema = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  type: itemTypeSchema,
  category: z.string(),
  unit: z.string(),
  barcodes: z.array(z.string()),
  costMinor: z.number().int(),
  currency: z.string().length(3),
  reorderPoint: z.number(),
  safetyStock: z.number(),
  leadTimeDays: z.number().int(),
  supplierId: z.string().nullable(),
});
export type Item = z.infer<typeof itemSchema>;

/** On-hand per item and location, derived from the stock ledger; available = onHand − allocated. */
export const stockLevelSchema = z.object({
  siteId: z.string(),
  locationId: z.string(),
  itemId: z.string(),
  onHand: z.number(),
  /** Open reservations; absent means 0. */
  allocated: z.number().optional(),
});
export type StockLevel = z.infer<typeof stockLevelSchema>;
