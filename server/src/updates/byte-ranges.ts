/** An inclusive byte range of a representation, as `Content-Range` states it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * electron-updater's differential download asks for up to 1,000 ranges in one request; more than
 * this is not a download plan but an attack on the server, answered with the whole file.
 */
export const MAX_RANGES = 2_000;

/**
 * The ranges of a `Range` header (RFC 9110 §14.2) for a representation of `size` bytes:
 * - null when the header is absent, not `bytes=`, malformed or asks for too many ranges
 *   (the server then sends the whole representation, as the RFC allows);
 * - 'unsatisfiable' when no range overlaps the representation (416);
 * - else the satisfiable ranges, clipped to the end, in the order asked and never merged:
 *   electron-updater's DataSplitter reads the parts back by position and length.
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return null;
  const specs = match[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (specs.length === 0 || specs.length > MAX_RANGES) return null;
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const parts = /^(\d*)-(\d*)$/.exec(spec);
    if (!parts || (parts[1] === '' && parts[2] === '')) return null;
    if (parts[1] === '') {
      // A suffix: the last N bytes.
      const length = Number(parts[2]);
      if (length === 0 || size === 0) continue;
      ranges.push({ start: Math.max(0, size - length), end: size - 1 });
      continue;
    }
    const start = Number(parts[1]);
    if (parts[2] !== '' && Number(parts[2]) < start) return null;
    if (start >= size) continue;
    ranges.push({ start, end: parts[2] === '' ? size - 1 : Math.min(Number(parts[2]), size - 1) });
  }
  return ranges.length === 0 ? 'unsatisfiable' : ranges;
}

/** Whether an `If-Range` precondition lets the ranges be served (it names the current ETag); absent is true. */
export function ifRangeHolds(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}

/** Whether an `If-None-Match` list names this ETag (weak comparison, RFC 9110 §13.1.2). */
export function noneMatch(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
