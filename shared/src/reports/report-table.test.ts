import { describe, expect, it } from 'vitest';
import { asReport, cellValue, hasTotals, minorToMajor, slug, totalsRow, type ReportTable } from './report-table';
import { sampleReport } from './test/sample-report';
import { columnLetter, resolveFormula, sheetRow } from './xlsx-formula';

const [customers, weeks] = sampleReport().tables as [ReportTable, ReportTable];

describe('the table model', () => {
  it('sums the totalled columns, formulas by their values, and takes the totals cells given', () => {
    expect(totalsRow(customers)).toEqual(['Company', 1500, 6000, 90, { formula: '{ar}/{revenue}*{days}', value: 22.5 }, null, null]);
    expect(totalsRow(weeks)).toEqual(['Total', null, 50, 65.5, null]);
    expect(hasTotals({ ...weeks, columns: weeks.columns.map((c) => ({ ...c, total: false })) })).toBe(false);
    expect(hasTotals({ ...weeks, columns: weeks.columns.map((c) => ({ ...c, total: false })), totalCells: { closing: 1 } })).toBe(true);
  });

  it('shows a formula as its value', () => {
    expect(cellValue({ formula: '{a}', value: 3 })).toBe(3);
    expect(cellValue({ formula: '{a}', value: null })).toBeNull();
    expect(cellValue('x')).toBe('x');
    expect(cellValue(undefined)).toBeNull();
  });

  it('treats one table as a report of one', () => {
    const report = asReport(weeks);
    expect(report.tables).toEqual([weeks]);
    expect(report.title).toBe('Cash by week');
    expect(asReport(sampleReport())).toEqual(sampleReport());
  });

  it('converts minor units and makes file-safe names', () => {
    expect(minorToMajor(-123_456, 2)).toBe(-1234.56);
    expect(minorToMajor(5, 0)).toBe(5);
    expect(slug('Weekly: AR & AP (Europe)')).toBe('weekly-ar-ap-europe');
    expect(slug('***', 'report')).toBe('report');
  });
});

describe('formula references', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  it('resolves a column of the same row, of a named row and of the totals row', () => {
    expect(sheetRow(customers, 0)).toBe(2);
    expect(sheetRow(customers, 'total')).toBe(5);
    expect(resolveFormula(customers, '{ar}/{revenue}*{days}', 1)).toBe('B3/C3*D3');
    expect(resolveFormula(customers, '{ar}/{ar@total}', 0)).toBe('B2/B5');
    expect(resolveFormula(weeks, '{closing@w1}', 1)).toBe('E2');
    expect(resolveFormula(customers, '{ar}/{revenue}*{days}', 'total')).toBe('B5/C5*D5');
  });

  it('refuses a reference to a column or row the table does not have', () => {
    expect(() => resolveFormula(customers, '{cogs}', 0)).toThrow(/names no column "cogs"/);
    expect(() => resolveFormula(weeks, '{closing@w9}', 0)).toThrow(/names no row "w9"/);
    expect(() => resolveFormula({ ...weeks, rowKeys: { w1: 5 } }, '{closing@w1}', 0)).toThrow(/names no row "w1"/);
  });
});
