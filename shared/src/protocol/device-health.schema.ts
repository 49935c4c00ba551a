import { z } from 'zod';

/**
 * What a station reports about itself with every pull, so admins see the fleet's health without
 * visiting it. Optional on the wire: an older desktop's pull still parses.
 */
export const deviceHealthSchema = z.object({
  appVersion: z.string().max(64),
  /** The update channel the station follows (stable, beta, or one an admin added). */
  channel: z.string().max(64),
  /** e.g. `win32 10.0.22631 x64`. */
  os: z.string().max(200),
  outboxDepth: z.number().int().nonnegative(),
  /** When the oldest command still waiting in the outbox was made (ISO), or null when empty. */
  oldestPendingAt: z.string().nullable(),
  lastError: z.string().max(2000).nullable(),
  freeDiskBytes: z.number().nonnegative().nullable(),
  /** When this station last completed a sync (ISO), as it knows it. */
  lastSyncAt: z.string().nullable(),
  /** Set while a diagnostic bundle the admin asked for is attached (see the fleet service). */
  diagnosticsId: z.string().max(100).optional(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;
