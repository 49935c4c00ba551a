import { z } from 'zod';

// The replicated documents of stock counting (scope `site:<siteId>`): a session, the quantity
// frozen per location and item when it started (with the movements posted since), and the lines
// counted on every device. The server writes them; devices read them and predict them offline.

export const countSessionStatusSchema = z.enum(['draft', 'counting', 'submitted', 'approved', 'cancelled']);
export type CountSessionStatus = z.infer<typeof countSessionStatusSchema>;

/** A recount asked for one location and item: lines of `round` must come from someone else. */
export const countRecountSchema = z.object({
  locationId: z.string(),
  itemId: z.string(),
  round: z.number().int().min(2),
  /** Counters of the earlier rounds, who may not recount it. */
  excludedCounters: z.array(z.string()),
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type CountRecount = z.infer<typeof countRecountSchema>;

export const countSessionSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  /** Full: everything in the locations. Cycle: only `itemIds` in the locations. */
  kind: z.enum(['full', 'cycle']),
  /** Counters do not see the expected quantity. */
  blind: z.boolean(),
  locationIds: z.array(z.string()),
  itemIds: z.array(z.string()).nullable(),
  /** A line is over tolerance when |variance| exceeds this % of the expected quantity… */
  toleranceQtyPct: z.number().min(0),
  /** …or its value exceeds this many minor units of `currency`. */
  toleranceValueMinor: z.number().int().min(0),
  currency: z.string().length(3),
  /** Who may count; empty means anyone at the site. */
  counters: z.array(z.string()),
  status: countSessionStatusSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  recounts: z.array(countRecountSchema),
});
export type CountSession = z.infer<typeof countSessionSchema>;

/** A movement posted at a counted location and item after the freeze (server time, signed quantity). */
export const countMovementSchema = z.object({ at: z.string(), quantity: z.number() });
export type CountMovement = z.infer<typeof countMovementSchema>;

/**
 * Id `<sessionId>|<locationId>|<itemId>`. The quantity on hand when the session started, the unit
 * cost then, the movements posted since (so a sale from a bin during the count is accounted for),
 * and once approved, the adjustment posted to the ledger.
 */
export const countExpectedSchema = z.object({
  sessionId: z.string(),
  locationId: z.string(),
  itemId: z.string(),
  frozenQty: z.number(),
  unitCostMinor: z.number().int(),
  movements: z.array(countMovementSchema),
  posted: z.object({ movementId: z.string(), quantity: z.number(), at: z.string() }).nullable(),
});
export type CountExpected = z.infer<typeof countExpectedSchema>;

/** One scan (or typed quantity). `itemId` null: the barcode is unknown, kept and flagged. */
export const countLineSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  locationId: z.string(),
  itemId: z.string().nullable(),
  /** As scanned, after GS1 parsing: the GTIN or the plain code. */
  barcode: z.string(),
  lot: z.string().nullable(),
  expiry: z.string().nullable(),
  quantity: z.number(),
  counter: z.string(),
  deviceId: z.string(),
  /** When it was counted, on the device's clock corrected by its measured offset to the server. */
  countedAt: z.string(),
  round: z.number().int().min(1),
  voided: z.boolean(),
});
export type CountLine = z.infer<typeof countLineSchema>;

export function countExpectedId(sessionId: string, locationId: string, itemId: string): string {
  return `${sessionId}|${locationId}|${itemId}`;
}
