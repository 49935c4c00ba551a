import { SERVER_VERSION } from '../../version';
import { publicProcedure, router } from '../trpc';

export const systemRouter = router({
  /** What this server is and which clients it accepts; needs no tenant. */
  info: publicProcedure.query(({ ctx }) => ({
    name: 'capliquify' as const,
    version: SERVER_VERSION,
    protocol: { min: ctx.supportedVersions.protocol.min, max: ctx.supportedVersions.protocol.max },
    schema: { min: ctx.supportedVersions.schema.min, max: ctx.supportedVersions.schema.max },
    database: ctx.databaseKind,
  })),
});
