import { describe, expect, it } from 'vitest';
import { formatIfModifiedSince, formatXeroDate, parseIfModifiedSince, parseXeroDate, toDateOnly } from './xero-dates';

describe('Xero dates', () => {
  it('reads /Date(ms+zone)/ as the UTC instant, whatever the zone suffix says', () => {
    expect(parseXeroDate('/Date(1546128000000+0000)/')?.toISOString()).toBe('2018-12-30T00:00:00.000Z');
    expect(parseXeroDate('/Date(1546128000000+1300)/')?.toISOString()).toBe('2018-12-30T00:00:00.000Z');
    expect(parseXeroDate('/Date(1551828543255)/')?.toISOString()).toBe('2019-03-05T23:29:03.255Z');
    expect(parseXeroDate('/Date(-86400000+0000)/')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
  });

  it('reads ISO dates without a zone as UTC, not as the server local time', () => {
    expect(parseXeroDate('2019-01-05T00:00:00')?.toISOString()).toBe('2019-01-05T00:00:00.000Z');
    expect(parseXeroDate('2019-01-05')?.toISOString()).toBe('2019-01-05T00:00:00.000Z');
    expect(parseXeroDate('2019-01-05T10:00:00+02:00')?.toISOString()).toBe('2019-01-05T08:00:00.000Z');
  });

  it('refuses what is not a date', () => {
    for (const text of ['', 'Date(1546128000000)', '/Date(abc)/', 'yesterday', '2019-13-45']) expect(parseXeroDate(text)).toBeNull();
  });

  it('writes dates back in the forms Xero reads', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    expect(formatXeroDate(at)).toBe('/Date(1772600767890+0000)/');
    expect(parseXeroDate(formatXeroDate(at))).toEqual(at);
    expect(formatIfModifiedSince(at)).toBe('2026-03-04T05:06:07');
    expect(parseIfModifiedSince('2026-03-04T05:06:07')?.toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(parseIfModifiedSince('Wed, 04 Mar 2026 05:06:07 GMT')?.toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(parseIfModifiedSince('soon')).toBeNull();
    expect(toDateOnly(at)).toBe('2026-03-04');
  });
});
