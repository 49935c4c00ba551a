import type { Report, ReportTable } from '../report-table';

/**
 * Two tables worked out by hand. Ratios: AR ÷ revenue × days per customer and for the company
 * (the totals row), each customer's share of AR; Alpha 1,200.00 ÷ 4,000.00 × 90 = 27 days,
 * Bravo 300.00 ÷ 2,000.00 × 90 = 13.5, Charlie has no revenue (no ratio); company 1,500.00 ÷
 * 6,000.00 × 90 = 22.5. Weeks: closing = opening + in − out, each week opening on the last's
 * closing: 100 + 50 − 20 = 130, 130 + 0 − 45.5 = 84.5.
 */
export function sampleReport(rows = 3): Report {
  const customers: ReportTable = {
    fileStem: 'sample', title: 'DSO by customer', sheetName: 'DSO by customer', details: ['Period: 90 days to 2026-03-31'],
    columns: [
      { header: 'Customer', kind: 'text', width: 20 },
      { header: 'AR', kind: 'money', width: 12, key: 'ar', total: true },
      { header: 'Revenue', kind: 'money', width: 12, key: 'revenue', total: true },
      { header: 'Days in period', kind: 'integer', width: 8, key: 'days' },
      { header: 'DSO', kind: 'days', width: 10, key: 'dso' },
      { header: 'Share of AR', kind: 'percent', width: 10, key: 'share' },
      { header: 'Last invoice', kind: 'date', width: 12 },
    ],
    rows: [
      ['Alpha, "the first"', 1200, 4000, 90, { formula: '{ar}/{revenue}*{days}', value: 27 }, { formula: '{ar}/{ar@total}', value: 0.8 }, '2026-03-20'],
      ['Bravo', 300, 2000, 90, { formula: '{ar}/{revenue}*{days}', value: 13.5 }, { formula: '{ar}/{ar@total}', value: 0.2 }, '2026-02-01'],
      ['Charlie', 0, 0, 90, null, { formula: '{ar}/{ar@total}', value: 0 }, null],
    ].slice(0, rows),
    totalsLabel: 'Company',
    totalCells: { days: 90, dso: { formula: '{ar}/{revenue}*{days}', value: 22.5 } },
    moneyDigits: 2,
    currency: 'GBP',
  };
  const weeks: ReportTable = {
    fileStem: 'sample-weeks', title: 'Cash by week', details: [],
    columns: [
      { header: 'Week', kind: 'integer', width: 6 },
      { header: 'Opening', kind: 'money', width: 12, key: 'opening' },
      { header: 'In', kind: 'money', width: 12, key: 'in', total: true },
      { header: 'Out', kind: 'money', width: 12, key: 'out', total: true },
      { header: 'Closing', kind: 'money', width: 12, key: 'closing' },
    ],
    rows: [
      [1, 100, 50, 20, { formula: '{opening}+{in}-{out}', value: 130 }],
      [2, { formula: '{closing@w1}', value: 130 }, 0, 45.5, { formula: '{opening}+{in}-{out}', value: 84.5 }],
    ],
    rowKeys: { w1: 0, w2: 1 },
    totalsLabel: 'Total',
    moneyDigits: 2,
    currency: 'GBP',
  };
  return { fileStem: 'sample-report', title: 'Sample report', details: ['Generated 2026-04-01T06:00:00.000Z'], tables: [customers, weeks] };
}
