/** The versions a desktop build speaks, sent on every request. */
export interface ClientVersions { protocolVersion: number; schemaVersion: number }

/** Which side of an UPDATE_REQUIRED has to move: this app, or the sync server. */
export type OutdatedSide = 'app' | 'server';

interface Range { min: number; max: number }

function isRange(value: unknown): value is Range {
  const r = value as Partial<Range> | null;
  return typeof r === 'object' && r !== null && typeof r.min === 'number' && typeof r.max === 'number';
}

/**
 * Reads the ranges an UPDATE_REQUIRED carries (`supported: { protocol, schema }`) against what this
 * app sent: above the range means the server is the old one (deployed late), below means this app
 * is. Null when the server did not say what it accepts.
 */
export function describeUpdateRequired(sent: ClientVersions, supported: unknown): { outdated: OutdatedSide; message: string } | null {
  const ranges = (supported ?? {}) as { protocol?: unknown; schema?: unknown };
  const checks = [
    { what: 'protocol', version: sent.protocolVersion, range: ranges.protocol },
    { what: 'schema', version: sent.schemaVersion, range: ranges.schema },
  ];
  for (const { what, version, range } of checks) {
    if (!isRange(range)) continue;
    const accepts = `the server accepts ${what} ${range.min}–${range.max}; this app speaks ${version}`;
    if (version > range.max) return { outdated: 'server', message: `The sync server is older than this app (${accepts}): the server must be updated.` };
    if (version < range.min) return { outdated: 'app', message: `This app is older than the sync server accepts (${accepts}): install the app update.` };
  }
  return null;
}
