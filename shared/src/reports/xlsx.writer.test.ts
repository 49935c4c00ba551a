import { describe, expect, it } from 'vitest';
import type { ReportTable } from './report-table';
import { readWorkbook } from './test/read-files';
import { sampleReport } from './test/sample-report';
import { formulaCells } from './test/sheet-formulas';
import { writeXlsx } from './xlsx.writer';

describe('the XLSX writer', () => {
  it('puts each table on a sheet of its own, and what the report is about on the last', async () => {
    const book = await readWorkbook(await writeXlsx(sampleReport()));
    expect(book.worksheets.map((s) => s.name)).toEqual(['DSO by customer', 'Cash by week', 'About']);
    const about = book.getWorksheet('About')!;
    const rows = about.getSheetValues();
    expect(Array.from({ length: rows.length - 1 }, (_, i) => (rows[i + 1] as unknown[] | undefined)?.[1] ?? null)).toEqual([
      'Sample report', 'Generated 2026-04-01T06:00:00.000Z', null, 'DSO by customer', 'Period: 90 days to 2026-03-31', null, 'Cash by week',
    ]);
  });

  it('writes ratios as formulas over their numerator and denominator cells, with the values cached', async () => {
    const book = await readWorkbook(await writeXlsx(sampleReport()));
    const sheet = book.getWorksheet('DSO by customer')!;
    expect(sheet.getCell('E2').value).toEqual({ formula: 'B2/C2*D2', result: 27 });
    expect(sheet.getCell('F3').value).toEqual({ formula: 'B3/B5', result: 0.2 });
    // No revenue, no ratio: an empty cell, not a #DIV/0!.
    expect(sheet.getCell('E4').value).toBeNull();
    const totals = sheet.getRow(5);
    expect(totals.getCell(1).value).toBe('Company');
    expect(totals.getCell(2).value).toEqual({ formula: 'SUM(B2:B4)', result: 1500 });
    expect(totals.getCell(4).value).toBe(90);
    expect(totals.getCell(5).value).toEqual({ formula: 'B5/C5*D5', result: 22.5 });
    expect(totals.font?.bold).toBe(true);
  });

  it('writes formulas that compute what they cache, across rows too', async () => {
    const book = await readWorkbook(await writeXlsx(sampleReport()));
    const cells = [...formulaCells(book.getWorksheet('DSO by customer')!), ...formulaCells(book.getWorksheet('Cash by week')!)];
    expect(cells.map((c) => c.formula)).toEqual([
      'B2/C2*D2', 'B2/B5', 'B3/C3*D3', 'B3/B5', 'B4/B5', 'SUM(B2:B4)', 'SUM(C2:C4)', 'B5/C5*D5',
      'B2+C2-D2', 'E2', 'B3+C3-D3', 'SUM(C2:C3)', 'SUM(D2:D3)',
    ]);
    // exceljs reads a cached 0 back as no result (the file holds <v>0</v>).
    for (const c of cells) expect(c.computed, `${c.address} ${c.formula}`).toBeCloseTo((c.cached ?? 0) as number, 9);
    expect(cells.filter((c) => c.cached === undefined).map((c) => c.address)).toEqual(['F4']);
  });

  it('formats money in its currency, days, percentages and dates', async () => {
    const book = await readWorkbook(await writeXlsx(sampleReport()));
    const sheet = book.getWorksheet('DSO by customer')!;
    expect(sheet.getCell('B2').numFmt).toBe('#,##0.00 "GBP";-#,##0.00 "GBP"');
    expect(sheet.getCell('D2').numFmt).toBe('#,##0');
    expect(sheet.getCell('E2').numFmt).toBe('#,##0.0 "days"');
    expect(sheet.getCell('F2').numFmt).toBe('0.0%');
    expect(sheet.getCell('G2').value).toEqual(new Date('2026-03-20T00:00:00Z'));
    expect(sheet.getCell('G2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getRow(1).getCell(1).value).toBe('Customer');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('keeps sheet names legal and distinct', async () => {
    const [a] = sampleReport().tables as [ReportTable];
    const long = { ...a, sheetName: 'AR aging: by due date / all customers [GBP]' };
    const book = await readWorkbook(await writeXlsx({ fileStem: 'x', title: 'x', details: [], tables: [long, long, { ...a, sheetName: 'About' }] }));
    const names = book.worksheets.map((s) => s.name);
    expect(names).toEqual(['AR aging  by due date   all cus', 'AR aging  by due date   all c 2', 'About 2', 'About']);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
  });

  it('writes an empty table with a zero total', async () => {
    const [, weeks] = sampleReport().tables as [ReportTable, ReportTable];
    const book = await readWorkbook(await writeXlsx({ ...weeks, rows: [], rowKeys: {} }));
    // exceljs reads the cached 0 back as no result.
    expect(book.worksheets[0]!.getRow(2).getCell(3).value).toEqual({ formula: '0' });
  });
});
