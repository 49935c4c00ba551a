import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';
import { AdminError, type AdminErrorCode } from '../admin/admin-error';
import { MAX_IMPORT_BYTES } from '../admin/admin.service';
import { IMPORT_KINDS, IMPORT_MODES, SYNC_VENDORS } from '../admin/admin-wire';
import { t } from './trpc';

// The error formatter (trpc.ts) puts the AdminError's own code in `data.code`.
const TRPC_CODES: Record<AdminErrorCode, TRPC_ERROR_CODE_KEY> = {
  OFFLINE: 'SERVICE_UNAVAILABLE', UNAUTHORIZED: 'UNAUTHORIZED', FORBIDDEN: 'FORBIDDEN', NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT', BAD_REQUEST: 'BAD_REQUEST', TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

/** An AdminError becomes the tRPC error the admin screens show (the fleet router uses it too). */
export async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AdminError) throw new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
    throw error;
  }
}

// A file crosses from the renderer as base64 (JSON over the browser host, a string over the port).
const fileBase64 = z.string().max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, `Files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB can be imported from the desktop.`);
const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const integration = z.object({ integrationId: z.string().min(1).max(100) });
const letter = z.object({ deadLetterId: z.string().min(1).max(100) });

/** The admin screens: integrations, dead letters and live job progress, and imports. */
export const adminRouter = t.router({
  integrations: t.procedure.query(({ ctx }) => answer(() => ctx.admin.integrations())),
  pause: t.procedure.input(integration).mutation(({ ctx, input }) => answer(() => ctx.admin.pause(input.integrationId))),
  resume: t.procedure.input(integration).mutation(({ ctx, input }) => answer(() => ctx.admin.resume(input.integrationId))),
  testConnection: t.procedure.input(integration).mutation(({ ctx, input }) => answer(() => ctx.admin.testConnection(input.integrationId))),
  syncNow: t.procedure.input(integration.extend({ vendor: z.enum(SYNC_VENDORS) }))
    .mutation(({ ctx, input }) => answer(() => ctx.admin.syncNow(input.vendor, input.integrationId))),
  connectAmazon: t.procedure.input(z.object({
    name: z.string().trim().min(1).max(100), region: z.enum(['na', 'eu', 'fe']), refreshToken: z.string().trim().min(1).max(2000),
    marketplaceIds: z.array(z.string().trim().min(1).max(50)).min(1).max(50),
  })).mutation(({ ctx, input }) => answer(() => ctx.admin.connectAmazon(input))),
  connectShopify: t.procedure.input(z.object({ shopDomain: z.string().trim().toLowerCase().min(1).max(255), accessToken: z.string().trim().min(1).max(500) }))
    .mutation(({ ctx, input }) => answer(() => ctx.admin.connectShopify(input))),
  connectUnleashed: t.procedure.input(z.object({ name: z.string().trim().min(1).max(100), apiId: z.string().trim().min(1).max(200), apiKey: z.string().min(1).max(500) }))
    .mutation(({ ctx, input }) => answer(() => ctx.admin.connectUnleashed(input))),
  xeroAuthorizeUrl: t.procedure.mutation(({ ctx }) => answer(() => ctx.admin.xeroAuthorizeUrl())),
  shopifyInstallUrl: t.procedure.input(z.object({ shopDomain: z.string().trim().toLowerCase().min(1).max(255) }))
    .mutation(({ ctx, input }) => answer(() => ctx.admin.shopifyInstallUrl(input.shopDomain))),

  deadLetters: t.procedure.query(({ ctx }) => answer(() => ctx.admin.deadLetters())),
  retry: t.procedure.input(letter).mutation(({ ctx, input }) => answer(() => ctx.admin.retry(input.deadLetterId))),
  discard: t.procedure.input(letter).mutation(({ ctx, input }) => answer(() => ctx.admin.discard(input.deadLetterId))),
  /** Progress of the tenant's jobs as the live stream reported it; `since` is the `seq` of the last look. */
  jobEvents: t.procedure.input(z.object({ since: z.number().int().min(0).default(0) })).query(({ ctx, input }) => ctx.admin.jobEvents(input.since)),

  previewImport: t.procedure.input(z.object({ fileBase64 })).mutation(({ ctx, input }) => answer(() => ctx.admin.preview(bytesOf(input.fileBase64)))),
  upload: t.procedure.input(z.object({
    kind: z.enum(IMPORT_KINDS), mode: z.enum(IMPORT_MODES), fileName: z.string().trim().min(1).max(200), fileBase64,
  })).mutation(({ ctx, input }) => answer(() => ctx.admin.upload({ kind: input.kind, mode: input.mode, fileName: input.fileName, bytes: bytesOf(input.fileBase64) }))),
  importResult: t.procedure.input(z.object({ importId: z.string().min(1).max(100), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) => answer(() => ctx.admin.importResult(input))),
  recentImports: t.procedure.query(({ ctx }) => answer(() => ctx.admin.recentImports())),
});
