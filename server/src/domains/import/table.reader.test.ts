import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from './import-file.error';
import type { TableRow } from './table-row';
import { openTable } from './table.reader';

async function readAll(file: string): Promise<{ format: string; rows: TableRow[] }> {
  const table = await openTable(file);
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { format: table.format, rows };
}

describe('reading tables', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'capliquify-table-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a comma CSV with quotes, a line break inside a cell and rows of any length, numbering rows as a spreadsheet does', async () => {
    await writeFile(file('a.csv'), 'sku,name,cost\r\nBOLT,"Bolt, ""M8""",0.12\r\nFRAME,"Frame\nwelded"\r\n\r\nNUT,Nut,0.05,extra\r\n');
    const { format, rows } = await readAll(file('a.csv'));
    expect(format).toBe('csv');
    expect(rows).toEqual([
      { row: 1, cells: ['sku', 'name', 'cost'] },
      { row: 2, cells: ['BOLT', 'Bolt, "M8"', '0.12'] },
      { row: 3, cells: ['FRAME', 'Frame\nwelded'] },
      { row: 4, cells: [''] },
      { row: 5, cells: ['NUT', 'Nut', '0.05', 'extra'] },
    ]);
  });

  it('drops the byte order mark and reads semicolon CSVs with decimal commas as text', async () => {
    await writeFile(file('bom.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sku;name;cost\nBOLT;Bolt, M8;0,12\n')]));
    const { rows } = await readAll(file('bom.csv'));
    expect(rows).toEqual([{ row: 1, cells: ['sku', 'name', 'cost'] }, { row: 2, cells: ['BOLT', 'Bolt, M8', '0,12'] }]);
  });

  it('fails a CSV with a broken quote as a file problem, saying where', async () => {
    await writeFile(file('broken.csv'), 'sku,name\nA,ok\nB,"unclosed\n');
    const error = await readAll(file('broken.csv')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toMatch(/^The CSV cannot be read past row 2: /);
  });

  it('reads the first sheet of an XLSX: numbers as typed, dates as YYYY-MM-DD, rich text and formula results as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Items');
    sheet.addRow(['sku', 'name', 'cost', 'since', 'total']);
    sheet.addRow(['BOLT', { richText: [{ text: 'Bolt ' }, { text: 'M8', font: { bold: true } }] }, 0.12, new Date(Date.UTC(2026, 0, 31)), { formula: 'C2*2', result: 0.24 }]);
    sheet.addRow([]);
    sheet.addRow(['FRAME', 'Frame', 45]);
    workbook.addWorksheet('Notes').addRow(['not', 'read']);
    await workbook.xlsx.writeFile(file('items.xlsx'));
    const { format, rows } = await readAll(file('items.xlsx'));
    expect(format).toBe('xlsx');
    expect(rows).toEqual([
      { row: 1, cells: ['sku', 'name', 'cost', 'since', 'total'] },
      { row: 2, cells: ['BOLT', 'Bolt M8', '0.12', '2026-01-31', '0.24'] },
      { row: 4, cells: ['FRAME', 'Frame', '45'] },
    ]);
  });

  it('fails a file that only looks like an XLSX', async () => {
    await writeFile(file('fake.xlsx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const error = await readAll(file('fake.xlsx')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toMatch(/^The XLSX file cannot be read/);
  });
});
