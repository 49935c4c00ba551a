import { describe, expect, it } from 'vitest';
import { renderReport } from '../../reports/render-report';
import { pdfPageTexts } from '../../reports/test/pdf-text';
import { readWorkbook } from '../../reports/test/read-files';
import { formulaCells } from '../../reports/test/sheet-formulas';
import { writeXlsx } from '../../reports/xlsx.writer';
import { detectAnomalies } from '../anomalies';
import { prepareFinanceBook } from '../finance-book';
import { computeRatios } from '../ratios';
import { scenarioSchema } from '../scenario.schema';
import { AS_OF, expected, financeData } from '../test/fixtures';
import { buildFinanceReport, FINANCE_REPORT_VIEWS } from './finance-report';

const book = prepareFinanceBook(financeData);
const context = { generatedAt: '2026-04-01T06:00:00.000Z', dataAsOf: null, company: 'Fixture Ltd' };
const scenarios = [scenarioSchema.parse({ name: 'Pay suppliers later', suppliers: { all: { shiftDays: 15 } } })];
const everything = () => buildFinanceReport(book, { views: FINANCE_REPORT_VIEWS, asOf: AS_OF, periodDays: 90, scenarios, openingCashMinor: 100_000, title: 'Weekly finance' }, context);

describe('a finance report of several views', () => {
  it('has a table per view in the order asked (the cash forecast with its payment delays)', () => {
    const report = everything();
    expect(report.fileStem).toBe('weekly-finance-2026-03-31');
    expect(report.tables.map((t) => t.sheetName)).toEqual([
      'Ratios', 'Trend', 'AR aging', 'AP aging', 'DSO by customer', 'DPO by supplier', 'DIO by item', 'DIO by category', 'Cash forecast', 'Payment delays', 'Scenarios', 'Anomalies',
    ]);
    expect(report.tables.find((t) => t.sheetName === 'Anomalies')!.rows).toHaveLength(detectAnomalies(book, { asOf: AS_OF, periodDays: 90 }).length);
    const again = buildFinanceReport(book, { views: ['aging_ap', 'summary', 'aging_ap'], asOf: AS_OF, periodDays: 30 }, context);
    expect(again.tables.map((t) => t.sheetName)).toEqual(['AP aging', 'Ratios']);
    expect(again.tables[1]!.rows[0]![7]).toEqual({ formula: '{num}/{den}*{days}', value: expected.period30.dso });
  });

  it('writes a workbook whose every formula computes the engine\'s figure it caches', async () => {
    const book = await readWorkbook(await writeXlsx(everything()));
    expect(book.worksheets).toHaveLength(13);
    let checked = 0;
    for (const sheet of book.worksheets) {
      for (const cell of formulaCells(sheet)) {
        // exceljs reads a cached 0 back as no result (the file holds <v>0</v>).
        expect(cell.computed, `${sheet.name}!${cell.address} = ${cell.formula}`).toBeCloseTo((cell.cached ?? 0) as number, 6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const ratios = book.getWorksheet('Ratios')!;
    expect(ratios.getCell('H2').value).toEqual({ formula: 'D2/F2*G2', result: expected.period90.dso });
    expect(ratios.getCell('H5').value).toMatchObject({ formula: 'H4+H2-H3' });
    expect(ratios.getCell('D2').numFmt).toBe('#,##0.00 "GBP";-#,##0.00 "GBP"');
  });

  it('prints every view in the PDF, and gives a CSV per view', async () => {
    const [pdf] = await renderReport(everything(), 'pdf');
    const pages = await pdfPageTexts(pdf!.bytes);
    const titles = pages.map((p) => p[0]);
    expect(titles).toEqual(expect.arrayContaining(['Working-capital ratios - 90 days to 2026-03-31', 'AR aging - 2026-03-31', 'Cash forecast - 13 weeks from 2026-03-31']));
    expect(pages.flat()).toContain('2,125.00');
    const csv = await renderReport(everything(), 'csv');
    expect(csv.map((f) => f.fileName)).toContain('weekly-finance-2026-03-31-ar-aging.csv');
    expect(csv).toHaveLength(12);
  });

  it('makes every table from books with nothing in them, each ratio undefined with its reason', async () => {
    const empty = prepareFinanceBook({ baseCurrency: 'EUR', contacts: [], documents: [], fxRates: [], inventoryMonths: [] });
    const report = buildFinanceReport(empty, { views: FINANCE_REPORT_VIEWS, asOf: AS_OF, periodDays: 30 }, context);
    expect(report.tables).toHaveLength(12);
    const { ratios } = computeRatios(empty, { endOn: AS_OF, periodDays: 30 });
    expect(report.tables[0]!.rows.map((r) => r[8])).toEqual([ratios.dso.reason, ratios.dpo.reason, ratios.dio.reason, ratios.ccc.reason]);
    expect(report.tables[0]!.rows[0]![8]).toBe('No revenue in the 30 days to 2026-03-31: DSO is undefined.');
    expect(report.tables[0]!.rows.map((r) => r[7])).toEqual([null, null, null, null]);
    for (const format of ['xlsx', 'pdf', 'csv'] as const) expect((await renderReport(report, format)).length).toBeGreaterThan(0);
  });

  it('refuses a report of no view', () => {
    expect(() => buildFinanceReport(book, { views: [], asOf: AS_OF, periodDays: 90 }, context)).toThrow(RangeError);
    expect(() => buildFinanceReport(book, { views: ['summary'], asOf: '2026-02-30', periodDays: 90 }, context)).toThrow(RangeError);
  });
});
