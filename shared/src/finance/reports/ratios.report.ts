import type { Cell, FormulaCell, ReportTable } from '../../reports/report-table';
import type { Ratio, RatioSet } from '../ratios';
import type { TrendPoint } from '../ratio-trend';
import type { FxGap } from '../fx';
import { amount, contextLines, fxGapLines, money, plainFormula, stem, text, type FinanceReportContext } from './report-columns';

// The ratios as the screen shows them: each with its formula, numerator, denominator and days, the
// value a spreadsheet formula over those cells (so a reader can see and check the arithmetic);
// and the monthly trend the same way, one row per month end.

const RATIO = '{num}/{den}*{days}';

function ratioValue(ratio: Ratio): FormulaCell | null {
  return ratio.value === null ? null : { formula: RATIO, value: ratio.value };
}

/** DSO, DPO, DIO and CCC for a period, CCC a formula over the other three rows. */
export function ratiosTable(ratios: RatioSet, context: FinanceReportContext, fxGaps: readonly FxGap[] = []): ReportTable {
  const m = money(ratios.baseCurrency);
  const row = (r: Ratio): Cell[] => [
    r.key.toUpperCase(), plainFormula(r.formula), r.numeratorLabel, m.major(r.numeratorMinor), r.denominatorLabel, m.major(r.denominatorMinor), r.days, ratioValue(r), r.reason ?? '',
  ];
  const ccc: Cell[] = [
    'CCC', plainFormula(ratios.ccc.formula), null, null, null, null, null,
    ratios.ccc.value === null ? null : { formula: '{value@dio}+{value@dso}-{value@dpo}', value: ratios.ccc.value }, ratios.ccc.reason ?? '',
  ];
  return {
    fileStem: stem(`ratios-${ratios.periodDays}-days`, ratios.endOn),
    title: `Working-capital ratios - ${ratios.periodDays} days to ${ratios.endOn}`,
    sheetName: 'Ratios',
    details: [`Period ${ratios.startOn} to ${ratios.endOn} (${ratios.periodDays} days)`, ...contextLines(context, m.currency), ...fxGapLines(fxGaps)],
    columns: [
      text('Ratio', 7), text('Formula', 26), text('Numerator', 10), amount('Numerator amount', 'num', false, 15),
      text('Denominator', 11), amount('Denominator amount', 'den', false, 15), { header: 'Days', kind: 'integer', width: 6, key: 'days' },
      { header: 'Value', kind: 'days', width: 11, key: 'value' }, text('Note', 40),
    ],
    rows: [row(ratios.dso), row(ratios.dpo), row(ratios.dio), ccc],
    rowKeys: { dso: 0, dpo: 1, dio: 2, ccc: 3 },
    totalsLabel: '',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}

/** The ratios at each month end: figures, then each ratio a formula over them. */
export function trendTable(points: readonly TrendPoint[], baseCurrency: string, context: FinanceReportContext): ReportTable {
  const last = points.at(-1)?.ratios;
  const m = money(baseCurrency);
  const f = (formula: string, value: number | null): FormulaCell | null => (value === null ? null : { formula, value });
  return {
    fileStem: stem(`ratio-trend-${last?.periodDays ?? 0}-days`, last?.endOn ?? 'none'),
    title: `Monthly trend - ${last?.periodDays ?? 0}-day ratios`,
    sheetName: 'Trend',
    details: [`${points.length} month end(s) from ${points[0]?.endOn ?? '-'} to ${last?.endOn ?? '-'}; each a trailing period of ${last?.periodDays ?? 0} days`, ...contextLines(context, m.currency)],
    columns: [
      { header: 'Period end', kind: 'date', width: 12 }, { header: 'Days', kind: 'integer', width: 6, key: 'days' },
      amount('AR', 'ar'), amount('Revenue', 'revenue'), amount('AP', 'ap'), amount('Inventory', 'inventory'), amount('COGS', 'cogs'),
      { header: 'DSO', kind: 'days', width: 10, key: 'dso' }, { header: 'DPO', kind: 'days', width: 10, key: 'dpo' },
      { header: 'DIO', kind: 'days', width: 10, key: 'dio' }, { header: 'CCC', kind: 'days', width: 10, key: 'ccc' },
    ],
    rows: points.map(({ endOn, ratios: r }) => [
      endOn, r.periodDays, m.major(r.dso.numeratorMinor), m.major(r.dso.denominatorMinor), m.major(r.dpo.numeratorMinor),
      m.major(r.dio.numeratorMinor), m.major(r.dpo.denominatorMinor),
      f('{ar}/{revenue}*{days}', r.dso.value), f('{ap}/{cogs}*{days}', r.dpo.value), f('{inventory}/{cogs}*{days}', r.dio.value),
      f('{dio}+{dso}-{dpo}', r.ccc.value),
    ]),
    totalsLabel: '',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}
