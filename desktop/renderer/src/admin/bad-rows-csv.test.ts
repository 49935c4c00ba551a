import { describe, expect, it } from 'vitest';
import { badRowsCsv } from './bad-rows-csv';

describe('badRowsCsv', () => {
  it('writes one line per bad row, quoting commas and quotes, and defusing formulas', () => {
    const csv = badRowsCsv([
      { row: 3, column: 'quantity', reason: "must be a number, got 'abc'" },
      { row: 7, column: null, reason: 'the "sku" is =HYPERLINK' },
      { row: 9, column: 'name', reason: '=cmd' },
    ]);
    expect(csv).toBe("row,column,reason\r\n3,quantity,\"must be a number, got 'abc'\"\r\n7,,\"the \"\"sku\"\" is =HYPERLINK\"\r\n9,name,'=cmd\r\n");
  });
});
