import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { writeCsv } from './csv.writer';
import { writePdf } from './pdf.writer';
import { renderReport } from './render-report';
import type { ReportTable } from './report-table';
import { parseCsv } from './test/parse-csv';
import { pdfPageTexts } from './test/pdf-text';
import { utf8 } from './test/read-files';
import { sampleReport } from './test/sample-report';

const [customers, weeks] = sampleReport().tables as [ReportTable, ReportTable];

describe('the CSV writer', () => {
  it('writes formulas as their values, money with its digits, days unrounded to six places', () => {
    const text = utf8(writeCsv({ ...customers, rows: [...customers.rows, ['Delta', 100, 300, 90, { formula: '{ar}/{revenue}*{days}', value: 30.000000000000004 }, null, null]] }));
    expect(text.startsWith('\uFEFFCustomer,AR,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ['Customer', 'AR', 'Revenue', 'Days in period', 'DSO', 'Share of AR', 'Last invoice'],
      ['Alpha, "the first"', '1200.00', '4000.00', '90', '27', '0.8', '2026-03-20'],
      ['Bravo', '300.00', '2000.00', '90', '13.5', '0.2', '2026-02-01'],
      ['Charlie', '0.00', '0.00', '90', '', '0', ''],
      ['Delta', '100.00', '300.00', '90', '30', '', ''],
      ['Company', '1600.00', '6300.00', '90', '22.5', '', ''],
    ]);
  });

  it('gives one CSV per table of a report, named after the table', async () => {
    const files = await renderReport(sampleReport(), 'csv');
    expect(files.map((f) => [f.fileName, f.mimeType])).toEqual([
      ['sample-report-dso-by-customer.csv', 'text/csv; charset=utf-8'],
      ['sample-report-cash-by-week.csv', 'text/csv; charset=utf-8'],
    ]);
    expect(parseCsv(utf8(files[1]!.bytes).slice(1)).at(-1)).toEqual(['Total', '', '50.00', '65.50', '']);
    expect((await renderReport(weeks, 'csv')).map((f) => f.fileName)).toEqual(['sample-weeks.csv']);
  });
});

describe('the PDF writer', () => {
  it('prints each table from a new page with its title, details and figures', async () => {
    const bytes = await writePdf(sampleReport());
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe('Sample report');
    const pages = await pdfPageTexts(bytes);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.slice(0, 3)).toEqual(['DSO by customer', 'Generated 2026-04-01T06:00:00.000Z', 'Period: 90 days to 2026-03-31']);
    expect(pages[0]).toEqual(expect.arrayContaining(['1,200.00', '27.0', '80.0%', '2026-03-20', 'Company', '1,500.00', '22.5', 'Sample report - page 1 of 2']));
    expect(pages[1]).toEqual(expect.arrayContaining(['Cash by week', '130.00', '84.50', '65.50', 'Sample report - page 2 of 2']));
  });

  it('paginates a long table, repeating its header on every page', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i + 1, 0, i, 0, { formula: '{opening}+{in}-{out}', value: i }]);
    const pages = await pdfPageTexts(await writePdf({ ...weeks, rows, rowKeys: {} }));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) expect(page.filter((t) => t === 'Opening')).toHaveLength(1);
    const printed = pages.flat().filter((t) => /^\d+$/.test(t)).map(Number);
    expect(printed).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(pages.at(-1)).toContain('Total');
  });
});
