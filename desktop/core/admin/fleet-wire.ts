import { z } from 'zod';

// The server's fleet answers (server/src/domains/fleet: fleet-status.ts, fleet.service.ts,
// releases.service.ts, diagnostics.service.ts) as this build reads them. Checked at the edge like
// the other admin answers; unknown fields pass, so a newer server adds freely.

const platform = z.enum(['windows', 'mac', 'linux']);
const releaseState = z.enum(['rolling', 'paused', 'complete', 'rolled_back']);

export const fleetDeviceSchema = z.object({
  id: z.string(), name: z.string(), siteId: z.string().nullable(), siteName: z.string().nullable(), canary: z.boolean(),
  channel: z.string(), assignedChannel: z.string().nullable(), appVersion: z.string().nullable(), platform: platform.nullable(), os: z.string().nullable(),
  revoked: z.boolean(), lastPullAt: z.string().nullable(), reportedAt: z.string().nullable(),
  outboxDepth: z.number().nullable(), oldestPendingAt: z.string().nullable(), lastError: z.string().nullable(), freeDiskBytes: z.number().nullable(),
  lastSyncAt: z.string().nullable(), target: z.object({ releaseId: z.string(), version: z.string() }).nullable(),
  behind: z.boolean(), offline: z.boolean(), hoursSinceContact: z.number(), dataAtRisk: z.boolean(), pendingMinutes: z.number().nullable(),
  diagnosticsRequestId: z.string().nullable(),
});
export type FleetDeviceView = z.infer<typeof fleetDeviceSchema>;

export const releaseProgressSchema = z.object({
  releaseId: z.string(), channel: z.string(), version: z.string(), state: releaseState, reach: z.string(),
  eligible: z.number(), offered: z.number(), taken: z.number(),
});

export const fleetOverviewSchema = z.object({
  generatedAt: z.string(),
  thresholds: z.object({ offlineHours: z.number(), dataAtRiskMinutes: z.number() }),
  totals: z.object({ devices: z.number(), revoked: z.number(), offline: z.number(), behind: z.number(), dataAtRisk: z.number(), diagnosticsPending: z.number() }),
  versions: z.array(z.object({ version: z.string().nullable(), devices: z.number() })),
  releases: z.array(releaseProgressSchema),
  behind: z.array(fleetDeviceSchema),
  offline: z.array(fleetDeviceSchema),
  dataAtRisk: z.array(fleetDeviceSchema),
});
export type FleetOverviewView = z.infer<typeof fleetOverviewSchema>;

export const releaseSummarySchema = z.object({
  id: z.string(), channel: z.string(), version: z.string(), state: releaseState,
  rollout: z.object({ stage: z.enum(['canary', 'sites', 'percent', 'all']), siteOrder: z.array(z.string()), sitesReached: z.number(), percent: z.number() }),
  reach: z.string(), notes: z.string().nullable(), publishedBy: z.string().nullable(), publishedAt: z.string(), updatedAt: z.string(),
  rollbackOf: z.string().nullable(), carriesVersion: z.string().nullable(), platforms: z.array(platform),
  files: z.array(z.object({ name: z.string(), platform, size: z.number(), sha512: z.string() })),
});
export type ReleaseSummaryView = z.infer<typeof releaseSummarySchema>;

export const publishResultSchema = z.object({
  release: releaseSummarySchema, created: z.boolean(), added: z.array(z.string()), unchanged: z.array(z.string()), ignored: z.array(z.string()),
});
export const rollbackResultSchema = z.object({ rolledBack: releaseSummarySchema, replacement: releaseSummarySchema });
export const channelSchema = z.object({ name: z.string(), builtIn: z.boolean(), createdAt: z.string().nullable() });

export const diagnosticsBundleSchema = z.object({
  id: z.string(), deviceId: z.string(), deviceName: z.string(), requestedAt: z.string(), requestedBy: z.string().nullable(),
  uploadedAt: z.string().nullable(), sizeBytes: z.number().nullable(), sha256: z.string().nullable(), contentType: z.string().nullable(),
});
export type DiagnosticsBundleView = z.infer<typeof diagnosticsBundleSchema>;

export const deviceChannelSchema = z.object({ deviceId: z.string(), channel: z.string().nullable() });
export const deviceCanarySchema = z.object({ deviceId: z.string(), canary: z.boolean() });
export const deviceRevokedSchema = z.object({ deviceId: z.string(), revoked: z.literal(true) });
export const diagnosticsRequestSchema = z.object({ deviceId: z.string(), requestId: z.string() });

/** How a release widens: canary → the next site → a percentage of the rest → all (the server's RingPromotion). */
export const ringPromotionSchema = z.discriminatedUnion('ring', [
  z.object({ ring: z.literal('canary') }),
  z.object({ ring: z.literal('sites'), siteOrder: z.array(z.string().min(1).max(100)).min(1).max(500).optional() }),
  z.object({ ring: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
  z.object({ ring: z.literal('all') }),
]);
export type RingPromotionInput = z.infer<typeof ringPromotionSchema>;

export const DEVICE_FILTERS = ['active', 'all', 'revoked', 'offline', 'behind', 'data-at-risk'] as const;
