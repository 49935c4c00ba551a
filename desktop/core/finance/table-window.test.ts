import { describe, expect, it } from 'vitest';
import { byText, descending, matchingRows, sliceWindow } from './table-window';

const rows = [
  { name: 'Alpha 10', days: 12 as number | null },
  { name: 'alpha 2', days: null },
  { name: 'Bravo', days: 40 },
  { name: 'Charlie', days: 12 },
];

describe('a window of a long table', () => {
  it('filters by part of a name in any case, sorts a copy, and slices', () => {
    const order = descending<(typeof rows)[number]>((r) => r.days, (a, b) => byText(a.name, b.name));
    expect(matchingRows(rows, ' ALPHA ', (r) => r.name).map((r) => r.name)).toEqual(['Alpha 10', 'alpha 2']);
    // Most days first, ties by name (numeric-aware), no value last.
    expect(matchingRows(rows, '', (r) => r.name, order).map((r) => r.name)).toEqual(['Bravo', 'Alpha 10', 'Charlie', 'alpha 2']);
    expect(rows[0]!.name).toBe('Alpha 10');
    expect(matchingRows(rows, '', (r) => r.name, (a, b) => byText(a.name, b.name)).map((r) => r.name)).toEqual(['alpha 2', 'Alpha 10', 'Bravo', 'Charlie']);
    expect(sliceWindow(rows, { offset: 1, limit: 2 })).toEqual({ total: 4, offset: 1, rows: [rows[1], rows[2]] });
    expect(sliceWindow(rows, { offset: 10, limit: 2 })).toEqual({ total: 4, offset: 10, rows: [] });
  });
});
