import type { Cell, FormulaCell, ReportTable } from '../../reports/report-table';
import type { RatioSet } from '../ratios';
import type { ScenarioProjection } from '../scenarios';
import { amount, contextLines, money, stem, text, type FinanceReportContext } from './report-columns';

// Scenarios side by side: the baseline and each scenario a row with its balances, its ratios as
// formulas over them, and the cash each releases against the baseline row (formulas too).

const f = (formula: string, value: number | null): FormulaCell | null => (value === null ? null : { formula, value });

export function scenariosTable(baseline: RatioSet, projections: readonly ScenarioProjection[], context: FinanceReportContext): ReportTable {
  const m = money(baseline.baseCurrency);
  const row = (name: string, r: RatioSet, released: ScenarioProjection['cashReleasedMinor'] | null): Cell[] => [
    name, m.major(r.dso.denominatorMinor), m.major(r.dpo.denominatorMinor), r.periodDays,
    m.major(r.dso.numeratorMinor), m.major(r.dpo.numeratorMinor), m.major(r.dio.numeratorMinor),
    f('{ar}/{revenue}*{days}', r.dso.value), f('{ap}/{cogs}*{days}', r.dpo.value), f('{inventory}/{cogs}*{days}', r.dio.value), f('{dio}+{dso}-{dpo}', r.ccc.value),
    released === null ? null : { formula: '{ar@baseline}-{ar}', value: m.major(released.receivables) },
    released === null ? null : { formula: '{ap}-{ap@baseline}', value: m.major(released.payables) },
    released === null ? null : { formula: '{inventory@baseline}-{inventory}', value: m.major(released.inventory) },
    released === null ? null : { formula: '{releasedAr}+{releasedAp}+{releasedInventory}', value: m.major(released.total) },
  ];
  return {
    fileStem: stem('scenarios', baseline.endOn),
    title: `Scenarios - ${baseline.periodDays} days to ${baseline.endOn}`,
    sheetName: 'Scenarios',
    details: [
      `Each scenario against the baseline of ${baseline.startOn} to ${baseline.endOn}; cash released is what leaves working capital (less AR, more AP, less stock)`,
      ...contextLines(context, m.currency),
    ],
    columns: [
      text('Scenario', 24), amount('Revenue', 'revenue'), amount('COGS', 'cogs'), { header: 'Days', kind: 'integer', width: 6, key: 'days' },
      amount('AR', 'ar'), amount('AP', 'ap'), amount('Inventory', 'inventory'),
      { header: 'DSO', kind: 'days', width: 10, key: 'dso' }, { header: 'DPO', kind: 'days', width: 10, key: 'dpo' },
      { header: 'DIO', kind: 'days', width: 10, key: 'dio' }, { header: 'CCC', kind: 'days', width: 10, key: 'ccc' },
      amount('Released: AR', 'releasedAr'), amount('Released: AP', 'releasedAp'), amount('Released: stock', 'releasedInventory'), amount('Cash released', 'released'),
    ],
    rows: [row('Baseline', baseline, null), ...projections.map((p) => row(p.name, p.projected, p.cashReleasedMinor))],
    rowKeys: { baseline: 0 },
    totalsLabel: '',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}
