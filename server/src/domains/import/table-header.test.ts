import { describe, expect, it } from 'vitest';
import { ImportFileError } from './import-file.error';
import { cellsOf, mapColumns, normaliseHeader } from './table-header';

const columns = [
  { name: 'sku', required: true }, { name: 'quantity', required: true, aliases: ['qty'] }, { name: 'note', required: false },
];

describe('table header', () => {
  it('matches headers as people write them, aliases included, and ignores unknown columns', () => {
    expect(normaliseHeader(' Reorder Point* ')).toBe('reorder_point');
    const map = mapColumns(columns, ['Comment', 'QTY', 'SKU']);
    expect(cellsOf(map, ['hello', ' 5 ', 'BOLT'])).toEqual({ sku: 'BOLT', quantity: '5', note: '' });
    expect(cellsOf(map, ['', ' ', ''])).toBeNull();
  });

  it('fails the file when a required column is missing, naming it and what was found', () => {
    const failure = (() => {
      try {
        mapColumns(columns, ['sku', 'count']);
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ImportFileError);
    expect((failure as ImportFileError).message).toBe('The header has no column quantity: this import needs sku, quantity (found sku, count).');
    expect((failure as ImportFileError).row).toBe(1);
    expect(() => mapColumns(columns, ['sku', 'qty', 'Quantity'])).toThrow('The header names the column quantity twice.');
  });
});
