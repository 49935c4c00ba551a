import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCountingReplica, startedSession, type CountingReplica } from '../counting/test/counting-replica';
import { writeTypedRows } from '../sync-engine/typed-rows.repo';
import { parseCsv } from '@capliquify/shared/reports/test/parse-csv';

let r: CountingReplica;
beforeEach(async () => {
  r = await openCountingReplica({ items: 120 });
  const odd = { ...r.catalog.items[1]!, name: 'Bolt "M8", zinc\nboxed' };
  await r.db.transaction().execute((trx) => writeTypedRows(trx, 'item', [{ id: odd.id, data: odd }]));
});
afterEach(() => r.close());

const file = async (sessionId: string, report: 'sheet' | 'variance', format: 'csv' | 'xlsx' | 'pdf') => {
  const exported = await r.counting.export(sessionId, report, format);
  return { ...exported, bytes: Buffer.from(exported.base64, 'base64') };
};

/** Every item of A-01 counted one short of its on-hand (item i holds i), and an unknown barcode. */
async function countedSession(over: Record<string, unknown> = {}): Promise<string> {
  const sessionId = await startedSession(r, { toleranceQtyPct: 100, toleranceValueMinor: 1_000_000, ...over });
  for (const item of r.catalog.items) await r.counting.scan({ sessionId, locationId: 'loc-a1', raw: item.sku, quantity: Number(item.id.slice(-4)) - 1 });
  await r.counting.scan({ sessionId, locationId: 'loc-a2', raw: 'MYSTERY-1', quantity: 3 });
  return sessionId;
}

describe('the variance report', () => {
  it('as CSV (RFC 4180): a header, a row per location and item by value, the unknown barcodes, and totals', async () => {
    const sessionId = await countedSession();
    const { fileName, mimeType, bytes } = await file(sessionId, 'variance', 'csv');
    expect(fileName).toMatch(/^variance-aisles-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(mimeType).toBe('text/csv; charset=utf-8');
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFLocation,SKU,Item,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(['Location', 'SKU', 'Item', 'Unit', 'Status', 'Round', 'Lines', 'Expected at count', 'Counted', 'Variance',
      'Unit cost (GBP)', 'Value (GBP)', 'Counted at', 'Counters', 'Devices']);
    expect(rows).toHaveLength(120 + 1 + 1);
    // Largest value first: item 120 is one short at 120.00 each.
    expect(rows[0]!.slice(0, 12)).toEqual(['A-01', 'SKU-0120', 'Widget 0120', 'ea', 'ok', '1', '1', '120', '119', '-1', '120.00', '-120.00']);
    expect(rows.find((row) => row[1] === 'SKU-0002')?.[2]).toBe('Bolt "M8", zinc\nboxed');
    expect(rows.at(-2)!.slice(0, 9)).toEqual(['A-02', 'MYSTERY-1', 'Unknown barcode (never posted)', '', 'unknown barcode', '', '1', '', '3']);
    // Value: −Σ i×1.00 for i = 1..120.
    expect(rows.at(-1)!.slice(0, 12)).toEqual(['Total', '', '', '', '', '', '121', '', '', '-120', '', (-(120 * 121) / 2).toFixed(2)]);
  });

  it('as XLSX: typed cells with number formats and a totals row of SUM formulas, re-read by exceljs', async () => {
    const sessionId = await countedSession();
    const { bytes, mimeType } = await file(sessionId, 'variance', 'xlsx');
    expect(mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(12).value).toBe('Value (GBP)');
    expect(sheet.rowCount).toBe(1 + 121 + 1);
    const top = sheet.getRow(2);
    expect([top.getCell(2).value, top.getCell(8).value, top.getCell(9).value, top.getCell(12).value]).toEqual(['SKU-0120', 120, 119, -120]);
    expect(top.getCell(12).numFmt).toBe('#,##0.00;-#,##0.00');
    expect(top.getCell(13).value).toBeInstanceOf(Date);
    const totals = sheet.getRow(123);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(7).value).toEqual({ formula: 'SUM(G2:G122)', result: 121 });
    expect(totals.getCell(12).value).toEqual({ formula: 'SUM(L2:L122)', result: -7260 });
    expect(book.getWorksheet('About')?.getRow(1).getCell(1).value).toBe('Variance report - Aisles');
  });

  it('as PDF: a document of several pages with the table', async () => {
    const sessionId = await countedSession();
    const { bytes, mimeType, fileName } = await file(sessionId, 'variance', 'pdf');
    expect(mimeType).toBe('application/pdf');
    expect(fileName.endsWith('.pdf')).toBe(true);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(4);
    expect(pdf.getTitle()).toBe('Variance report - Aisles');
  });

  it('leaves the expected side out while a blind session is counted, and shows it once submitted', async () => {
    const sessionId = await countedSession({ blind: true });
    const [hidden] = parseCsv((await file(sessionId, 'variance', 'csv')).bytes.toString('utf8').slice(1));
    expect(hidden).toEqual(['Location', 'SKU', 'Item', 'Unit', 'Status', 'Round', 'Lines', 'Counted', 'Counted at', 'Counters', 'Devices']);
    await r.counting.submit(sessionId);
    const [shown] = parseCsv((await file(sessionId, 'variance', 'csv')).bytes.toString('utf8').slice(1));
    expect(shown).toContain('Expected at count');
  });
});

describe('the count sheet', () => {
  it('lists what to count per location, with what is expected unless the count is blind', async () => {
    const { sessionId: draft } = await r.counting.create({
      siteId: 'site-a', name: 'Cycle: bolts & nuts', kind: 'cycle', blind: false, locationIds: ['loc-a1', 'loc-a2'], itemIds: ['item-0001', 'item-0002'],
      toleranceQtyPct: 0, toleranceValueMinor: 0, counters: [],
    });
    const { fileName, bytes } = await file(draft, 'sheet', 'csv');
    expect(fileName).toMatch(/^count-sheet-cycle-bolts-nuts-/);
    expect(parseCsv(bytes.toString('utf8').slice(1))).toEqual([
      ['Location', 'Location name', 'SKU', 'Item', 'Unit', 'Expected', 'Counted', 'Note'],
      ['A-01', 'Aisle 1', 'SKU-0001', 'Widget 0001', 'ea', '1', '', ''],
      ['A-01', 'Aisle 1', 'SKU-0002', 'Bolt "M8", zinc\nboxed', 'ea', '2', '', ''],
      ['A-02', 'Aisle 2', 'SKU-0001', 'Widget 0001', 'ea', '0', '', ''],
      ['A-02', 'Aisle 2', 'SKU-0002', 'Bolt "M8", zinc\nboxed', 'ea', '0', '', ''],
    ]);

    const blind = await startedSession(r, { blind: true });
    const sheet = parseCsv((await file(blind, 'sheet', 'csv')).bytes.toString('utf8').slice(1));
    expect(sheet[0]).toEqual(['Location', 'Location name', 'SKU', 'Item', 'Unit', 'Counted', 'Note']);
    expect(sheet).toHaveLength(1 + 120);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await file(blind, 'sheet', 'xlsx')).bytes as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0]!.rowCount).toBe(121);
    expect((await PDFDocument.load((await file(blind, 'sheet', 'pdf')).bytes)).getPageCount()).toBeGreaterThanOrEqual(3);
  });
});
