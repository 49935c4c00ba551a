import { ErrorCode, SUPPORTED_PROTOCOL_VERSIONS, SUPPORTED_SCHEMA_VERSIONS } from '@capliquify/shared';
import { AppError } from '../errors/app.error';

interface Range {
  readonly min: number;
  readonly max: number;
}

/** The client versions a server accepts. */
export interface SupportedVersions {
  readonly protocol: Range;
  readonly schema: Range;
}

/** What this build accepts; `buildApp` takes others only so tests can play an older or newer server. */
export const DEFAULT_SUPPORTED_VERSIONS: SupportedVersions = { protocol: SUPPORTED_PROTOCOL_VERSIONS, schema: SUPPORTED_SCHEMA_VERSIONS };

declare module 'fastify' {
  interface FastifyInstance {
    supportedVersions: SupportedVersions;
  }
}

/**
 * A client outside the server's declared range gets UPDATE_REQUIRED (with the range, so it can say
 * which side is old). Absent headers pass: tools and health probes are not desktops.
 */
export function checkClientVersions(sent: { protocol: string | null; schema: string | null }, supported: SupportedVersions = DEFAULT_SUPPORTED_VERSIONS): void {
  check('protocol', sent.protocol, supported.protocol, supported);
  check('schema', sent.schema, supported.schema, supported);
}

function check(what: 'protocol' | 'schema', value: string | null, range: Range, supported: SupportedVersions): void {
  if (value === null) return;
  const version = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (version >= range.min && version <= range.max) return;
  throw new AppError(
    ErrorCode.UpdateRequired,
    `${what} version ${value} is not supported; this server accepts ${range.min}–${range.max}. Update required.`,
    { supported: { protocol: { ...supported.protocol }, schema: { ...supported.schema } } },
  );
}
