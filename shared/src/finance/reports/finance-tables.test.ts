import { describe, expect, it } from 'vitest';
import { cellValue, totalsRow, type Cell, type ReportTable } from '../../reports/report-table';
import { computeAging } from '../aging';
import { forecastCash } from '../cash-forecast';
import { prepareFinanceBook } from '../finance-book';
import { dpoBySupplier, dsoByCustomer } from '../ratio-drilldowns';
import { ratioTrend } from '../ratio-trend';
import { computeRatios } from '../ratios';
import { scenarioSchema } from '../scenario.schema';
import { compareScenarios } from '../scenarios';
import { AS_OF, expected, financeData } from '../test/fixtures';
import { agingDocumentsTable, agingTable } from './aging.report';
import { cashForecastTable, customerDelaysTable } from './cash-forecast.report';
import { contactDocumentsTable, drillTable, type DrillDocument } from './drill.report';
import { ratiosTable, trendTable } from './ratios.report';
import { scenariosTable } from './scenarios.report';

// The tables hold the engine's figures: every amount is the engine's minor units in major units,
// every formula's value is the engine's own result. (finance-report.test.ts recomputes the
// formulas in a written workbook.)

const book = prepareFinanceBook(financeData);
const context = { generatedAt: '2026-04-01T06:00:00.000Z', dataAsOf: '2026-03-31T23:00:00.000Z' };
const { snapshot, ratios } = computeRatios(book, { endOn: AS_OF, periodDays: 90 });
const major = (minor: number) => minor / 100;
const column = (table: ReportTable, header: string) => {
  const i = table.columns.findIndex((c) => c.header === header);
  if (i < 0) throw new Error(`no column ${header} in ${table.title}`);
  return table.rows.map((row) => cellValue(row[i]));
};
const formulas = (table: ReportTable, header: string) => table.rows.map((row) => {
  const cell = row[table.columns.findIndex((c) => c.header === header)] as Cell;
  return typeof cell === 'object' && cell !== null ? cell.formula : null;
});

describe('the ratios table', () => {
  const table = ratiosTable(ratios, context);

  it('shows each ratio with its formula, numerator, denominator and days, the value a formula over them', () => {
    expect(table.rows.map((r) => r.slice(0, 7))).toEqual([
      ['DSO', 'DSO = AR ÷ revenue × days', 'AR', major(expected.receivables), 'revenue', major(expected.period90.revenue), 90],
      ['DPO', 'DPO = AP ÷ COGS × days', 'AP', major(expected.payables), 'COGS', major(expected.period90.cogs), 90],
      ['DIO', 'DIO = inventory ÷ COGS × days', 'inventory', major(expected.period90.inventory), 'COGS', major(expected.period90.cogs), 90],
      ['CCC', 'CCC = DIO + DSO - DPO', null, null, null, null, null],
    ]);
    expect(column(table, 'Value')).toEqual([expected.period90.dso, expected.period90.dpo, expected.period90.dio, ratios.ccc.value]);
    expect(formulas(table, 'Value')).toEqual(['{num}/{den}*{days}', '{num}/{den}*{days}', '{num}/{den}*{days}', '{value@dio}+{value@dso}-{value@dpo}']);
    expect(table.currency).toBe('GBP');
    expect(table.details).toContain('Finance data as of 2026-03-31T23:00:00.000Z');
  });

  it('leaves an undefined ratio blank with its reason, and CCC with it', () => {
    const empty = prepareFinanceBook({ ...financeData, inventoryMonths: [] });
    const none = ratiosTable(computeRatios(empty, { endOn: AS_OF, periodDays: 90 }).ratios, context);
    expect(column(none, 'Value').slice(1)).toEqual([null, null, null]);
    expect(column(none, 'Note')[1]).toMatch(/^No COGS in the 90 days to 2026-03-31: DPO is undefined\.$/);
    expect(column(none, 'Note')[3]).toBe('CCC needs DIO and DPO, which are undefined.');
  });
});

describe('the trend table', () => {
  it('has a row per month end, each ratio a formula over that month\'s figures', () => {
    const points = ratioTrend(book, { endOn: AS_OF, periodDays: 90, months: 3 });
    const table = trendTable(points, 'GBP', context);
    expect(column(table, 'Period end')).toEqual(points.map((p) => p.endOn));
    expect(column(table, 'AR')).toEqual(points.map((p) => major(p.ratios.dso.numeratorMinor)));
    expect(column(table, 'COGS')).toEqual(points.map((p) => major(p.ratios.dpo.denominatorMinor)));
    expect(column(table, 'DSO')).toEqual(points.map((p) => p.ratios.dso.value));
    expect(column(table, 'CCC')).toEqual(points.map((p) => p.ratios.ccc.value));
    expect(table.rows.at(-1)!.slice(2, 7)).toEqual([2125, 4200, 1450, 1100, 1000]);
  });
});

describe('the aging tables', () => {
  it('gives each customer its buckets and a total over them, summed in the totals row', () => {
    const table = agingTable(computeAging(book, { ledger: 'AR', asOf: AS_OF }), context);
    const byName = Object.fromEntries(table.rows.map((r) => [r[0], r.slice(3, 8)]));
    expect(byName).toEqual({
      'Alpha Retail': expected.arAgingDue.alpha.map(major),
      'Bravo Inc': expected.arAgingDue.bravo.map(major),
      'Charlie Shops': expected.arAgingDue.charlie.map(major),
    });
    expect(column(table, 'Open in its currencies')).toEqual(['1,200.00 GBP', '1,000.00 USD', '300.00 GBP']);
    expect(formulas(table, 'Total')[0]).toBe('{b0}+{b1}+{b2}+{b3}+{b4}');
    expect(column(table, 'Total')).toEqual([1200, 625, 300]);
    // i2 and cn1, i3, i5 and p1.
    expect(totalsRow(table).slice(2)).toEqual([5, ...expected.arAgingDue.total.map(major), major(expected.receivables)]);
  });

  it('ages AP by supplier and lists the open documents behind it', () => {
    const report = computeAging(book, { ledger: 'AP', asOf: AS_OF });
    expect(totalsRow(agingTable(report, context)).slice(3)).toEqual([...expected.apAgingDue.total.map(major), major(expected.payables)]);
    const docs = agingDocumentsTable(report, context, new Map([['steel', 'Steel Supply'], ['pack', 'Pack Co']]), 'steel');
    expect(docs.rows.map((r) => [r[0], r[1], r[2], r[7], r[8], r[9]])).toEqual([
      ['B1', 'bill', 'Steel Supply', 600, 28, '1–30 days'],
      ['BC1', 'supplier credit', 'Steel Supply', -50, 16, '1–30 days'],
    ]);
    expect(totalsRow(docs)[7]).toBe(550);
  });
});

describe('the drill-down tables', () => {
  it('breaks DSO down by customer: own days, and contributions that add up to the company DSO', () => {
    const rows = dsoByCustomer(book, snapshot);
    const table = drillTable({ by: 'customer', ratio: ratios.dso, rows, baseCurrency: 'GBP', startOn: snapshot.startOn, endOn: AS_OF }, context);
    expect(column(table, 'Customer')).toEqual(rows.map((r) => r.name));
    expect(column(table, 'AR')).toEqual(rows.map((r) => major(r.numeratorMinor)));
    expect(column(table, 'Own DSO')).toEqual(rows.map((r) => r.days));
    expect(column(table, 'Contribution to DSO')).toEqual(rows.map((r) => r.contributionDays));
    expect(formulas(table, 'Contribution to DSO')[0]).toBe('{num}/{den@total}*{days}');
    const totals = totalsRow(table);
    expect(totals[0]).toBe('Company DSO');
    expect(totals.slice(1, 4)).toEqual([major(expected.receivables), major(expected.period90.revenue), 90]);
    expect(cellValue(totals[4])).toBe(expected.period90.dso);
    expect(totals[5]).toBeCloseTo(expected.period90.dso, 6);
  });

  it('puts COGS, not the suppliers\' bills, under DPO in the totals row', () => {
    const table = drillTable({ by: 'supplier', ratio: ratios.dpo, rows: dpoBySupplier(book, snapshot), baseCurrency: 'GBP', startOn: snapshot.startOn, endOn: AS_OF }, context);
    expect(column(table, 'Bills in period (total: COGS)')).toEqual([900, 850]);
    expect(totalsRow(table).slice(1, 4)).toEqual([1450, 1000, 90]);
    expect(cellValue(totalsRow(table)[4])).toBe(130.5);
  });

  it('lists a customer\'s documents, what is open a formula of total less settled (negative for credit)', () => {
    const docs: DrillDocument[] = [
      { number: 'I2', type: 'ACCREC', status: 'AUTHORISED', issuedOn: '2026-02-15', dueOn: '2026-03-17', currency: 'GBP', totalMinor: 200_000, settledMinor: 60_000, openMinor: 140_000, openBaseMinor: 140_000, daysPastDue: 14, inPeriod: true },
      { number: 'CN1', type: 'ACCRECCREDIT', status: 'AUTHORISED', issuedOn: '2026-03-05', dueOn: '2026-03-05', currency: 'GBP', totalMinor: 30_000, settledMinor: 10_000, openMinor: -20_000, openBaseMinor: -20_000, daysPastDue: 26, inPeriod: true },
      { number: 'I1', type: 'ACCREC', status: 'PAID', issuedOn: '2026-01-10', dueOn: '2026-02-09', currency: 'GBP', totalMinor: 120_000, settledMinor: 120_000, openMinor: 0, openBaseMinor: 0, daysPastDue: null, inPeriod: true },
    ];
    const table = contactDocumentsTable({ contact: { id: 'alpha', name: 'Alpha Retail', kind: 'customer' }, documents: docs, baseCurrency: 'GBP', endOn: AS_OF, periodDays: 90 }, context);
    expect(table.rows.map((r) => r[8])).toEqual([{ formula: '{total}-{settled}', value: 1400 }, { formula: '-({total}-{settled})', value: -200 }, 0]);
    expect(totalsRow(table)[9]).toBe(1200);
    expect(table.fileStem).toBe('invoices-alpha-retail-2026-03-31');
  });
});

describe('the cash forecast tables', () => {
  const forecast = forecastCash(book, { asOf: AS_OF, openingCashMinor: 500_000 });

  it('has the engine\'s weeks, each opening on the last one\'s closing and closing on opening plus net', () => {
    const table = cashForecastTable(forecast, context);
    expect(table.rows).toHaveLength(13);
    expect(column(table, 'Opening')).toEqual(forecast.weeks.map((w) => major(w.openingMinor)));
    expect(column(table, 'Closing')).toEqual(forecast.weeks.map((w) => major(w.closingMinor)));
    expect(column(table, 'Closing if late')).toEqual(forecast.weeks.map((w) => major(w.closingLowMinor)));
    expect(column(table, 'Closing if early')).toEqual(forecast.weeks.map((w) => major(w.closingHighMinor)));
    expect(column(table, 'Net')).toEqual(forecast.weeks.map((w) => major(w.netMinor)));
    expect(formulas(table, 'Opening').slice(0, 3)).toEqual([null, '{closing@w1}', '{closing@w2}']);
    const totals = totalsRow(table);
    expect(cellValue(totals[11])).toBe(major(forecast.weeks.at(-1)!.closingMinor));
    // Opening + the 13 weeks' net = the last closing.
    expect(5000 + (totals[10] as number)).toBeCloseTo(major(forecast.weeks.at(-1)!.closingMinor), 6);
  });

  it('lists how late each customer pays', () => {
    const table = customerDelaysTable(forecast, context);
    expect(table.rows).toEqual(forecast.customerDelays.map((d) => [d.name, expect.any(String), d.sampleSize, d.meanDays, d.p10, d.p50, d.p90]));
  });
});

describe('the scenarios table', () => {
  it('puts the baseline and each scenario side by side, cash released a formula against the baseline', () => {
    const scenarios = [scenarioSchema.parse({ name: 'Collect faster', customers: { all: { shiftDays: -10 } } }), scenarioSchema.parse({ name: 'Same' })];
    const projections = compareScenarios(book, snapshot, scenarios);
    const table = scenariosTable(ratios, projections, context);
    expect(column(table, 'Scenario')).toEqual(['Baseline', 'Collect faster', 'Same']);
    expect(column(table, 'AR')).toEqual([major(expected.receivables), ...projections.map((p) => major(p.projected.dso.numeratorMinor))]);
    expect(column(table, 'DSO')).toEqual([ratios.dso.value, ...projections.map((p) => p.projected.dso.value)]);
    expect(column(table, 'Cash released')).toEqual([null, ...projections.map((p) => major(p.cashReleasedMinor.total))]);
    expect(formulas(table, 'Released: AR')).toEqual([null, '{ar@baseline}-{ar}', '{ar@baseline}-{ar}']);
    // No change reproduces the baseline.
    expect(table.rows[2]!.slice(1, 11).map(cellValue)).toEqual(table.rows[0]!.slice(1, 11).map(cellValue));
  });
});
