import { z } from 'zod';
import { defineCommand } from './define-command';

// Counting commands. Ids are chosen by the client (uuid), so a retried command never doubles.
// `by` / `counter` name the person at the device until signed-in identities arrive (issue 5).

const person = z.string().trim().min(1, 'a name is required').max(100);
const id = z.string().uuid();

/** A counted quantity: 0 confirms an empty bin (typed, never scanned); above 1,000,000 is a stray scan into the quantity field. */
export const countQuantitySchema = z.number().finite().min(0, 'the quantity cannot be negative').max(1_000_000, 'the quantity is over 1,000,000: check it');

export const createCountSession = defineCommand('counting.createSession', z.object({
  sessionId: id,
  siteId: z.string().min(1),
  name: z.string().trim().min(1, 'give the session a name').max(120),
  kind: z.enum(['full', 'cycle']),
  blind: z.boolean(),
  locationIds: z.array(z.string().min(1)).min(1, 'choose at least one location').max(1_000),
  /** Required for a cycle count, null for a full count. */
  itemIds: z.array(z.string().min(1)).max(20_000).nullable(),
  toleranceQtyPct: z.number().min(0).max(100),
  toleranceValueMinor: z.number().int().min(0),
  counters: z.array(person).max(100),
  by: person,
}).refine((a) => (a.kind === 'cycle') === (a.itemIds !== null && a.itemIds.length > 0), { message: 'a cycle count lists its items; a full count lists none', path: ['itemIds'] }));

/** Freezes the expected quantity of every location and item in the session (server time). */
export const startCountSession = defineCommand('counting.startSession', z.object({ sessionId: id, by: person }));

export const recordCountLine = defineCommand('counting.recordLine', z.object({
  lineId: id,
  sessionId: id,
  locationId: z.string().min(1),
  /** The device's reading of the barcode; the server resolves it again and its answer wins. */
  itemId: z.string().min(1).nullable(),
  barcode: z.string().min(1).max(100),
  lot: z.string().max(20).nullable(),
  expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  quantity: countQuantitySchema,
  counter: person,
  countedAt: z.string().datetime(),
}));

/** Undo of a scan: the line stays, voided, so the trail shows it. */
export const voidCountLine = defineCommand('counting.voidLine', z.object({ lineId: id, sessionId: id, by: person }));

export const submitCountSession = defineCommand('counting.submitSession', z.object({ sessionId: id, by: person }));

/** Sends a submitted session back to counting for these locations and items, by other counters. */
export const requestRecount = defineCommand('counting.requestRecount', z.object({
  sessionId: id,
  lines: z.array(z.object({ locationId: z.string().min(1), itemId: z.string().min(1) })).min(1).max(5_000),
  by: person,
}));

/** Posts the count adjustments to the ledger, once. */
export const approveCountSession = defineCommand('counting.approveSession', z.object({ sessionId: id, by: person }));

export const cancelCountSession = defineCommand('counting.cancelSession', z.object({
  sessionId: id,
  reason: z.string().trim().min(1, 'say why the session is cancelled').max(500),
  by: person,
}));
