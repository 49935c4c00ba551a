import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectFormat } from './table-format';

describe('table format', () => {
  it('tells XLSX from CSV by content, and names what it refuses', () => {
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('xlsx');
    expect(detectFormat(Buffer.from('sku,name\n'))).toBe('csv');
    expect(() => detectFormat(Buffer.alloc(0))).toThrow('The file is empty.');
    expect(() => detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).toThrow(/old Excel \.xls/);
    expect(() => detectFormat(Buffer.from([0xff, 0xfe, 0x73, 0]))).toThrow(/UTF-16/);
    expect(() => detectFormat(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))).toThrow('This is neither a CSV nor an XLSX file.');
  });

  it('picks the delimiter from the header line, ignoring what is quoted', () => {
    expect(detectDelimiter(Buffer.from('sku,name,cost\nA;B,x,1'))).toBe(',');
    expect(detectDelimiter(Buffer.from('\uFEFFsku;name;cost\nA,1;x;1,5'))).toBe(';');
    expect(detectDelimiter(Buffer.from('"a;b;c",name\n'))).toBe(',');
    expect(detectDelimiter(Buffer.from('sku\n'))).toBe(',');
  });
});
