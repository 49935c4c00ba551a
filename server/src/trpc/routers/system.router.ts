import { SUPPORTED_PROTOCOL_VERSIONS, SUPPORTED_SCHEMA_VERSIONS } from '@capliquify/shared';
import { SERVER_VERSION } from '../../version';
import { publicProcedure, router } from '../trpc';

export const systemRouter = router({
  /** What this server is and which clients it accepts; needs no tenant. */
  info: publicProcedure.query(({ ctx }) => ({
    name: 'capliquify' as const,
    version: SERVER_VERSION,
    protocol: { min: SUPPORTED_PROTOCOL_VERSIONS.min, max: SUPPORTED_PROTOCOL_VERSIONS.max },
    schema: { min: SUPPORTED_SCHEMA_VERSIONS.min, max: SUPPORTED_SCHEMA_VERSIONS.max },
    database: ctx.databaseKind,
  })),
});
