import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ifRangeHolds, MAX_RANGES, noneMatch, parseRange } from './byte-ranges';

describe('Range headers', () => {
  it('reads first-last, open-ended and suffix ranges, in the order asked, clipped to the file', () => {
    expect(parseRange('bytes=0-499', 1_000)).toEqual([{ start: 0, end: 499 }]);
    expect(parseRange('bytes=900-', 1_000)).toEqual([{ start: 900, end: 999 }]);
    expect(parseRange('bytes=-100', 1_000)).toEqual([{ start: 900, end: 999 }]);
    expect(parseRange('bytes=-5000', 1_000)).toEqual([{ start: 0, end: 999 }]);
    expect(parseRange('bytes=500-1500', 1_000)).toEqual([{ start: 500, end: 999 }]);
    // electron-updater's multi-range request: "bytes=a-b, c-d" with a space after each comma.
    expect(parseRange('bytes=700-799, 0-9, 5-14', 1_000)).toEqual([{ start: 700, end: 799 }, { start: 0, end: 9 }, { start: 5, end: 14 }]);
  });

  it('answers unsatisfiable only when no range overlaps the file, and ignores what is malformed', () => {
    expect(parseRange('bytes=1000-', 1_000)).toBe('unsatisfiable');
    expect(parseRange('bytes=1500-', 1_000)).toBe('unsatisfiable');
    expect(parseRange('bytes=2000-3000, 1000-1001', 1_000)).toBe('unsatisfiable');
    expect(parseRange('bytes=2000-3000, 10-11', 1_000)).toEqual([{ start: 10, end: 11 }]);
    expect(parseRange('bytes=-0', 1_000)).toBe('unsatisfiable');
    for (const header of [undefined, '', 'items=0-1', 'bytes=', 'bytes=5-1', 'bytes=a-b', 'bytes=-', 'bytes=1-2-3']) expect(parseRange(header, 1_000), header).toBeNull();
    expect(parseRange(`bytes=${Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i}-${i}`).join(',')}`, 1_000_000)).toBeNull();
  });

  it('never yields a range outside the file (property)', () => {
    fc.assert(fc.property(fc.nat(10_000), fc.array(fc.tuple(fc.option(fc.nat(12_000)), fc.option(fc.nat(12_000))), { minLength: 1, maxLength: 5 }), (size, specs) => {
      const header = `bytes=${specs.map(([a, b]) => `${a ?? ''}-${b ?? ''}`).join(',')}`;
      const ranges = parseRange(header, size);
      if (Array.isArray(ranges)) for (const r of ranges) expect(0 <= r.start && r.start <= r.end && r.end < size).toBe(true);
    }));
  });

  it('checks If-Range and If-None-Match against the ETag', () => {
    expect(ifRangeHolds(undefined, '"a"')).toBe(true);
    expect(ifRangeHolds('"a"', '"a"')).toBe(true);
    expect(ifRangeHolds('"b"', '"a"')).toBe(false);
    expect(noneMatch('"x", W/"a"', '"a"')).toBe(true);
    expect(noneMatch('*', '"a"')).toBe(true);
    expect(noneMatch('"b"', '"a"')).toBe(false);
    expect(noneMatch(undefined, '"a"')).toBe(false);
  });
});
