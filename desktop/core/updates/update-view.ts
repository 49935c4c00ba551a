import { z } from 'zod';

/**
 * Why a downloaded update has not installed yet. Electron main decides (main/updates/safe-point.ts);
 * the banner says it in words.
 */
export const waitReasons = ['write_in_progress', 'count_in_progress', 'outbox_flushing', 'outbox_not_persisted', 'core_unavailable'] as const;
export type WaitReason = (typeof waitReasons)[number];

const version = z.string().min(1).max(64);

/**
 * What the update banner shows: plain data main sends the core, the core keeps, and the renderer
 * reads through `updates.view`. `required` means syncing stopped until this app is updated.
 */
export const updateViewSchema = z.discriminatedUnion('state', [
  // The browser host, or a build that cannot update itself (not packaged): the banner shows nothing.
  z.object({ state: z.literal('not_applicable') }),
  z.object({ state: z.literal('up_to_date'), required: z.boolean(), checkedAt: z.string().nullable() }),
  z.object({ state: z.literal('checking'), required: z.boolean() }),
  z.object({ state: z.literal('downloading'), required: z.boolean(), version, percent: z.number().min(0).max(100) }),
  z.object({
    state: z.literal('ready'), required: z.boolean(), version,
    /** Null while main is finding out whether now is a safe point. */
    waitingFor: z.enum(waitReasons).nullable(),
    /** The person pressed "Restart now": it installs at the next safe point even mid-count. */
    personAsked: z.boolean(),
  }),
  z.object({ state: z.literal('installing'), required: z.boolean(), version }),
  z.object({ state: z.literal('failed'), required: z.boolean(), message: z.string().max(500), retryAt: z.string().nullable() }),
]);
export type UpdateView = z.infer<typeof updateViewSchema>;

export const NOT_APPLICABLE: UpdateView = { state: 'not_applicable' };
