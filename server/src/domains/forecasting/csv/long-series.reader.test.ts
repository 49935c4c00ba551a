import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLongSeries } from './long-series.reader';

const dir = mkdtempSync(join(tmpdir(), 'long-series-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `input-${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

describe('readLongSeries', () => {
  it('groups interleaved rows by series, keeping time order, with integer or ISO ds', async () => {
    const series = await readLongSeries(file('series_id,ds,y\na,1,1\nb,2024-01-01,5\na,2,2.5\nb,2024-01-08,6\na,3,3\nb,2024-01-15,-7\n'), 3);
    expect(series).toEqual([{ id: 'a', y: [1, 2.5, 3], lastDs: '3' }, { id: 'b', y: [5, 6, -7], lastDs: '2024-01-15' }]);
  });

  it.each([
    ['a missing value', 'series_id,ds,y\na,1,1\na,2,\n', /row 3: y is missing \(series a, ds 2\)/],
    ['a value that is not a number', 'series_id,ds,y\na,1,1\na,2,1,5\n', /row 3: expected 3 cells/],
    ['text in y', 'series_id,ds,y\na,1,abc\n', /row 2: y "abc" is not a number/],
    ['a ds going back', 'series_id,ds,y\na,2,1\na,1,2\n', /row 3: ds 1 is not after 2/],
    ['a ds that is no date', 'series_id,ds,y\na,yesterday,1\n', /row 2: ds "yesterday" is neither/],
    ['a wrong header', 'id,date,value\na,1,1\n', /row 1: the header must be "series_id,ds,y"/],
    ['a too-short series', 'series_id,ds,y\na,1,1\na,2,2\na,3,3\nb,1,4\n', /row 5: series b has 1 value\(s\); at least 3/],
    ['an empty file', '', /the file is empty/],
  ])('names the row of %s', async (_label, text, message) => {
    await expect(readLongSeries(file(text), 3)).rejects.toThrow(message);
  });
});
