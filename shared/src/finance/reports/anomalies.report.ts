import type { Cell, ReportTable } from '../../reports/report-table';
import type { Anomaly, AnomalyKind } from '../anomaly';
import { contextLines, money, stem, text, type FinanceReportContext } from './report-columns';

// Every alert with the sentence that explains it, its figures and the rows behind it.

const KIND_LABELS: Record<AnomalyKind, string> = {
  overdue_spike: 'Overdue spike', slower_payer: 'Slower payer', dso_jump: 'DSO jump', dio_jump: 'DIO jump',
  excess_stock: 'Excess stock', slow_moving_stock: 'Slow-moving stock', duplicate_bill: 'Possible duplicate bill',
};

/** How many row ids the table lists before "and N more". */
const MAX_IDS = 20;

export function anomaliesTable(anomalies: readonly Anomaly[], asOf: string, baseCurrency: string, context: FinanceReportContext): ReportTable {
  const m = money(baseCurrency);
  const figure = (a: Anomaly, value: number | null) => (value === null ? null : a.measure.unit === 'minor' ? m.major(value) : value);
  const ids = (a: Anomaly) => {
    const shown = a.rows.ids.slice(0, MAX_IDS).join(', ');
    return a.rows.ids.length > MAX_IDS ? `${shown} and ${a.rows.ids.length - MAX_IDS} more` : shown;
  };
  return {
    fileStem: stem('anomalies', asOf),
    title: `Anomalies and recommendations - ${asOf}`,
    sheetName: 'Anomalies',
    details: [`${anomalies.length} alert(s), most severe first`, ...contextLines(context, m.currency)],
    columns: [
      text('Severity', 8), text('Kind', 18), text('Concerning', 22), text('What moved', 70),
      { header: 'Now', kind: 'number', width: 12 }, { header: 'Compared with', kind: 'number', width: 12 }, text('Unit', 7),
      text('Rows', 10), { header: 'Count', kind: 'integer', width: 7 }, text('Row ids', 40),
    ],
    rows: anomalies.map((a): Cell[] => [
      a.severity, KIND_LABELS[a.kind], a.subject?.name ?? '', a.explanation, figure(a, a.measure.current), figure(a, a.measure.reference),
      a.measure.unit === 'minor' ? m.currency : a.measure.unit, `${a.rows.kind}s`, a.rows.ids.length, ids(a),
    ]),
    totalsLabel: '',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}
