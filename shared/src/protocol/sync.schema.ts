import { z } from 'zod';
import { deviceHealthSchema } from './device-health.schema';

/**
 * The sync protocol (../shared/DESIGN.md "Sync protocol"): commands pushed in order per device,
 * changes pulled per scope since a cursor. Every request also carries the protocol and schema
 * versions (headers in versions.ts) and the device credential (`authorization: Device <token>`).
 */

/** A replicated entity kind; rows are JSON documents keyed by (entity, id) inside a scope. */
export const entitySchema = z.enum([
  'site', 'location', 'item', 'stock_level', 'count_session', 'count_expected', 'count_line', 'demand_forecast',
  'finance_contact', 'finance_document', 'fx_rate', 'inventory_month', 'finance_profile', 'planned_purchase', 'sales_outlook',
]);
export type Entity = z.infer<typeof entitySchema>;

/**
 * `catalog` is tenant-wide (items); `site:<siteId>` holds a site's locations and stock; `finance`
 * is tenant-wide (contacts, invoices and credits, FX rates, inventory months, open purchase orders
 * and the sales outlook), replicated only to
 * finance workstations.
 */
export const scopeSchema = z.string().regex(/^(catalog|finance|site:[A-Za-z0-9_-]+)$/, 'a scope is "catalog", "finance" or "site:<id>"');
export type Scope = z.infer<typeof scopeSchema>;

/**
 * Who made a command: the person signed in at the station and the sign-in (bound to that device)
 * they made it under. The server checks that person's rights again when it applies the command.
 */
export const commandActorSchema = z.object({ userId: z.string().min(1).max(200), signInId: z.string().min(1).max(200) });
export type CommandActor = z.infer<typeof commandActorSchema>;

/** A queued local write: named command, zod-validated args, mutationId rising by exactly 1 per device. */
export const pushedCommandSchema = z.object({
  mutationId: z.number().int().positive(),
  name: z.string().min(1),
  args: z.unknown(),
  /** The device's wall clock when the command was made: shown to people, never used for ordering. */
  createdAt: z.string(),
  /**
   * Optional so an older desktop's push still parses; the server rejects an actorless command
   * (FORBIDDEN) rather than refusing the whole push, so the outbox behind it keeps flowing.
   */
  actor: commandActorSchema.optional(),
});
export type PushedCommand = z.infer<typeof pushedCommandSchema>;

export const pushRequestSchema = z.object({
  commands: z.array(pushedCommandSchema).min(1).max(500),
  /** Commands waiting in the device's outbox, this batch included: shown to admins (`sync status`). */
  outboxDepth: z.number().int().nonnegative().optional(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** A command that failed permanently: its id still advanced; the person sees the reason. */
export const rejectionSchema = z.object({
  mutationId: z.number().int().positive(),
  name: z.string(),
  code: z.string(),
  reason: z.string(),
});
export type Rejection = z.infer<typeof rejectionSchema>;

export const pushResponseSchema = z.object({
  /** Highest mutationId the server has applied or rejected for this device. */
  lastMutationId: z.number().int().nonnegative(),
  rejections: z.array(rejectionSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * Opaque per-scope cursor. It encodes the scope's epoch and a keyset position (version, entity,
 * id), so paging never splits or skips a version and a restored server can tell a stale cursor.
 */
export const cursorSchema = z.string().min(1).max(512);

export const pullRequestSchema = z.object({
  /** The device's cursor per scope it holds; a scope it lacks (or null) starts a bootstrap. */
  cursors: z.record(z.string(), cursorSchema.nullable()),
  limit: z.number().int().min(1).max(10_000).default(2_000),
  /** The station's health report (fleet screen); optional so older desktops still pull. */
  health: deviceHealthSchema.optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const changeSchema = z.object({
  scope: z.string(),
  entity: entitySchema,
  id: z.string(),
  version: z.number().int().nonnegative(),
  deleted: z.boolean(),
  /** The row's document; null for a tombstone. */
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** New cursor per scope touched by this page (apply atomically with the changes). */
  cursors: z.record(z.string(), cursorSchema),
  /** Scopes whose cursor the server cannot serve (restore, compaction, epoch change): drop and re-fetch. */
  resetScopes: z.array(z.string()),
  /** Scopes the device no longer belongs to: drop their rows (not a delete). */
  leftScopes: z.array(z.string()),
  /** The device's scopes now; a scope missing from the request's cursors begins with a bootstrap. */
  scopes: z.array(z.string()),
  hasMore: z.boolean(),
  lastMutationId: z.number().int().nonnegative(),
  /**
   * An admin asked this station for a diagnostic bundle: upload its recent logs to
   * `POST /sync/diagnostics?requestId=<id>` (SYNC_DIAGNOSTICS_PATH). Repeated until uploaded;
   * absent from older servers.
   */
  diagnosticsRequested: z.object({ requestId: z.string().min(1).max(100) }).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const enrollRequestSchema = z.object({
  code: z.string().min(6).max(64),
  name: z.string().min(1).max(120),
  appVersion: z.string().max(40).optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  deviceId: z.string(),
  /** Secret shown once; sent as `authorization: Device <credential>` on every sync call. */
  credential: z.string(),
  siteId: z.string(),
  scopes: z.array(z.string()),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/** Server-sent event telling a device that some of its scopes changed: it should pull. */
export const pokeSchema = z.object({ scopes: z.array(z.string()), at: z.string() });
export type Poke = z.infer<typeof pokeSchema>;

export const DEVICE_AUTH_SCHEME = 'Device';

/** Plain HTTP route of the pull hot path (POST, JSON `PullRequest` → `PullResponse`, problem+json errors). */
export const SYNC_PULL_PATH = '/sync/pull';

/**
 * Device route for a diagnostic bundle the pull answer asked for (`diagnosticsRequested`): the raw
 * bundle as the body (gzip, zip, JSON or text), `?requestId=<id>`; 201 with the bundle's id.
 */
export const SYNC_DIAGNOSTICS_PATH = '/sync/diagnostics';
