import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FINANCE_PROFILE_ID, fxRateId, inventoryMonthId } from '@capliquify/shared';
import { AS_OF, contacts, documents, expected, fxRates, inventoryMonths } from '@capliquify/shared/finance/test/fixtures';
import { pdfPageTexts } from '@capliquify/shared/reports/test/pdf-text';
import { readWorkbook, utf8 } from '@capliquify/shared/reports/test/read-files';
import { formulaCells } from '@capliquify/shared/reports/test/sheet-formulas';
import { writeFinanceRows, type FinanceEntity } from '../replica/finance.repo';
import { openReplica, type Replica } from '../replica/open-replica';
import { signInTestOperator } from '../test/test-operator';
import { createFinanceExports, type FinanceExportInput } from './finance-export.service';
import { createFinanceService } from './finance.service';

// The exports written from a replica holding the engine's hand-computed fixture: the files are
// read back (exceljs, the PDF's drawn text, the CSV) and their figures checked against it.

let replica: Replica;
let exports: ReturnType<typeof createFinanceExports>;

async function put(entity: FinanceEntity, docs: { id: string; data: unknown }[]) {
  await replica.db.transaction().execute(async (trx) => writeFinanceRows(trx, entity, docs));
}

beforeEach(async () => {
  replica = await openReplica(':memory:');
  await put('finance_contact', contacts.map((c) => ({ id: c.id, data: c })));
  await put('finance_document', documents.map((d) => ({ id: d.id, data: d })));
  await put('fx_rate', fxRates.map((r) => ({ id: fxRateId(r.currency, r.day), data: r })));
  await put('inventory_month', inventoryMonths.map((m) => ({ id: inventoryMonthId(m.itemId, m.month), data: m })));
  await put('finance_profile', [{ id: FINANCE_PROFILE_ID, data: { baseCurrency: 'GBP', asOf: `${AS_OF}T06:00:00.000Z` } }]);
  await signInTestOperator(replica.db, 'Fia');
  const finance = createFinanceService({ db: replica.db, status: () => ({ connection: 'offline', lastSyncAt: null }) });
  exports = createFinanceExports({ db: replica.db, finance, now: () => new Date('2026-04-01T08:00:00.000Z') });
});
afterEach(() => replica.close());

const base: Omit<FinanceExportInput, 'view' | 'format'> = { periodDays: 90, costing: 'mac', ledger: 'AR', basis: 'due', by: 'customer', openingCashMinor: 0, scenarios: [] };
const file = async (input: Partial<FinanceExportInput> & Pick<FinanceExportInput, 'view' | 'format'>) => {
  const f = await exports.export({ ...base, ...input });
  return { ...f, bytes: Buffer.from(f.base64, 'base64') };
};

describe('Finance exports from the replica', () => {
  it('writes the ratios to XLSX with each value a formula over its numerator and denominator', async () => {
    const f = await file({ view: 'summary', format: 'xlsx' });
    expect(f.fileName).toBe(`ratios-90-days-${AS_OF}.xlsx`);
    const book = await readWorkbook(f.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Ratios 90 days', 'Ratios 30 days', 'Ratios 365 days', 'About']);
    const sheet = book.getWorksheet('Ratios 90 days')!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'DSO', 'DSO = AR ÷ revenue × days', 'AR', 2_125, 'revenue', 4_200, 90, expect.objectContaining({ formula: 'D2/F2*G2' }), '']);
    expect(sheet.getCell('H2').numFmt).toBe('#,##0.0 "days"');
    expect(sheet.getCell('D2').numFmt).toBe('#,##0.00 "GBP";-#,##0.00 "GBP"');
    // Every formula recomputes (from the sheet's own cells) to the value cached beside it, the engine's.
    const cells = formulaCells(sheet);
    expect(cells.map((c) => c.address)).toEqual(['H2', 'H3', 'H4', 'H5']);
    for (const c of cells) expect(c.computed).toBeCloseTo(c.cached as number, 9);
    expect(cells[0]!.computed).toBeCloseTo(expected.period90.dso, 9);
    expect(sheet.getCell('H5').value).toMatchObject({ formula: 'H4+H2-H3' });
  });

  it('writes a customer’s documents to PDF and CSV with the figures of the drill', async () => {
    const pdf = await file({ view: 'contact', format: 'pdf', contactId: 'alpha' });
    expect(pdf.mimeType).toBe('application/pdf');
    const texts = (await pdfPageTexts(pdf.bytes)).flat();
    expect(texts).toContain(`Alpha Retail - documents to ${AS_OF}`);
    // I2: 2,000.00 less 500.00 paid and 100.00 of credit: 1,400.00 open, 14 days past due.
    const i2 = texts.indexOf('I2');
    expect(texts.slice(i2, i2 + 12)).toEqual(['I2', 'ACCREC', 'AUTHORISED', '2026-02-15', '2026-03-17', 'GBP', '2,000.00', '600.00', '1,400.00', '1,400.00', '14', 'yes']);
    const csv = await file({ view: 'contact', format: 'csv', contactId: 'alpha' });
    expect(csv.fileName).toBe(`invoices-alpha-retail-${AS_OF}.csv`);
    expect(utf8(csv.bytes)).toContain('\r\nI2,ACCREC,AUTHORISED,2026-02-15,2026-03-17,GBP,2000,600,1400,1400.00,14,yes\r\n');
  });

  it('writes the aging per contact and per document, and one table to CSV', async () => {
    const book = await readWorkbook((await file({ view: 'aging', format: 'xlsx' })).bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['AR aging', 'AR documents', 'About']);
    const totals = book.getWorksheet('AR aging')!.getRow(5);
    expect(totals.getCell(1).value).toBe('Total');
    expect((totals.getCell(9).value as { result: number }).result).toBe(expected.receivables / 100);
    const csv = utf8((await file({ view: 'aging', format: 'csv' })).bytes);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFCustomer,Open in its currencies,Documents,Current,1–30 days,31–60 days,61–90 days,Over 90 days,Total');
  });

  it('refuses what it cannot export, in words', async () => {
    await expect(file({ view: 'contact', format: 'pdf' })).rejects.toThrow('Say whose documents to export.');
    await expect(file({ view: 'contact', format: 'pdf', contactId: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(file({ view: 'scenarios', format: 'xlsx' })).rejects.toThrow('Choose at least one scenario to export.');
  });
});
