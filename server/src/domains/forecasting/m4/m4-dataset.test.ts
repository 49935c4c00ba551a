import { describe, expect, it } from 'vitest';
import { parseM4Wide } from './m4-dataset';

describe('parseM4Wide', () => {
  it('reads quoted ids and values and stops at the first empty cell', () => {
    const rows = parseM4Wide('"V1","V2","V3","V4"\n"W1","1.5","2",""\n"W2","3","4","5"\n');
    expect(rows.get('W1')).toEqual([1.5, 2]);
    expect(rows.get('W2')).toEqual([3, 4, 5]);
  });

  it('names the line of a value that is not a number', () => {
    expect(() => parseM4Wide('"V1","V2"\n"W1","x"\n')).toThrow(/line 2: "x"/);
  });
});
