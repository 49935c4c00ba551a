import { z } from 'zod';
import { getImport, listRecentImports } from '../../domains/import/imports.service';
import { authorizedProcedure, router } from '../trpc';

// Uploads go through POST /api/import/upload (a file is no tRPC input); these follow them.
const importer = authorizedProcedure('data.import');

export const importsRouter = router({
  /** One import's status and counts, with a page of its bad rows (each with its reason) in file order. */
  get: importer
    .input(z.object({ importId: z.string().min(1).max(100), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => getImport(ctx.db, ctx.principal.tenantId, input.importId, { offset: input.offset, limit: input.limit })),
  /** The organisation's latest imports, newest first. */
  list: importer
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
    .query(({ ctx, input }) => listRecentImports(ctx.db, ctx.principal.tenantId, input?.limit ?? 50)),
});
