import { z } from 'zod';

// The server's admin answers as this build reads them (server/src/integrations, jobs, domains/import).
// Checked at the edge like the sync answers; unknown fields pass, so a newer server adds freely.

const runSchema = z.object({
  id: z.string(), stream: z.string(), status: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), items: z.number(), error: z.string().nullable(),
});
export const integrationSchema = z.object({
  id: z.string(), vendor: z.string(), name: z.string(), status: z.string(),
  lastSuccessAt: z.string().nullable(), lastError: z.string().nullable(), lastErrorAt: z.string().nullable(),
  lastRuns: z.array(runSchema),
});
export type IntegrationView = z.infer<typeof integrationSchema>;

export const deadLetterSchema = z.object({
  id: z.string(), job: z.string(), tenantId: z.string().nullable(), error: z.string(), attempts: z.number(),
  failedAt: z.string(), resolvedAt: z.string().nullable(), resolution: z.enum(['retried', 'discarded']).nullable(),
});
export type DeadLetterView = z.infer<typeof deadLetterSchema>;

const importSummary = z.object({
  importId: z.string(), kind: z.string(), mode: z.string(), status: z.string(),
  totalRows: z.number(), goodRows: z.number(), badRows: z.number(), imported: z.number(),
  fileName: z.string(), createdAt: z.string(), finishedAt: z.string().nullable(),
});
export const importListSchema = z.array(importSummary);
export const importResultSchema = importSummary.extend({
  errors: z.object({
    total: z.number(), offset: z.number(),
    rows: z.array(z.object({ row: z.number(), column: z.string().nullable(), reason: z.string(), message: z.string() })),
  }),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const uploadAnswerSchema = z.object({ importId: z.string(), status: z.string(), fileName: z.string(), bytes: z.number() });
export const connectedSchema = z.object({ integrationId: z.string(), name: z.string(), status: z.string() });
/** A vendor's consent page for the admin's browser: Xero's authorize, Shopify's install. */
export const authorizeUrlSchema = z.object({ url: z.url({ protocol: /^https?$/ }), expiresAt: z.string() });
export const queuedSchema = z.record(z.string(), z.unknown());
/** integrations.test: a refused credential is an answer (with the vendor's reason), not an error. */
export const connectionTestSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), failure: z.string(), message: z.string() }),
]);

export const IMPORT_KINDS = ['items', 'stock_counts', 'opening_balances', 'boms'] as const;
export const IMPORT_MODES = ['good_rows', 'all_or_nothing'] as const;
export const SYNC_VENDORS = ['amazon', 'unleashed', 'xero'] as const;
