import { describe, expect, it } from 'vitest';
import { csvPreviewRows } from './csv-preview';

describe('csvPreviewRows', () => {
  it('splits on the delimiter outside quotes, keeps doubled quotes and quoted line breaks, skips blank lines', () => {
    const text = '\uFEFFsku,name,qty\r\nA-1,"Bolt, M8",3\n\nB-2,"Frame ""XL""\nblue",x\n';
    expect(csvPreviewRows(text, 10)).toEqual([['sku', 'name', 'qty'], ['A-1', 'Bolt, M8', '3'], ['B-2', 'Frame "XL"\nblue', 'x']]);
  });
  it('reads semicolon files and stops after the rows asked for', () => {
    expect(csvPreviewRows('sku;qty\na;1\nb;2\nc;3', 2)).toEqual([['sku', 'qty'], ['a', '1']]);
  });
});
