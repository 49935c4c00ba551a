import type { Cell, ReportColumn, ReportTable } from '../../reports/report-table';
import { AGING_BUCKET_LABELS, AGING_BUCKETS, type AgingReport } from '../aging';
import { formatMinor } from '../money';
import { amount, contextLines, fxGapLines, money, stem, text, type FinanceReportContext } from './report-columns';

// AR or AP aging per contact: a column per bucket in the base currency, each contact's total a
// formula over its buckets, SUM totals; and the open documents behind it, one row each.

const LEDGER_NAMES = { AR: { title: 'AR aging', contact: 'Customer' }, AP: { title: 'AP aging', contact: 'Supplier' } } as const;
const BUCKET_KEYS = AGING_BUCKETS.map((_, i) => `b${i}`);

function basisLine(report: AgingReport): string {
  return `As of ${report.asOf}, by days past the ${report.basis === 'due' ? 'due date' : 'document date'}; credit notes and prepayments count against what is owed`;
}

/** Per contact: what it owes (or is owed) in each bucket, and its total. */
export function agingTable(report: AgingReport, context: FinanceReportContext): ReportTable {
  const m = money(report.baseCurrency);
  const names = LEDGER_NAMES[report.ledger];
  const buckets: ReportColumn[] = AGING_BUCKETS.map((b, i) => amount(AGING_BUCKET_LABELS[b], BUCKET_KEYS[i]!, true, 12));
  const sum = BUCKET_KEYS.map((k) => `{${k}}`).join('+');
  return {
    fileStem: stem(`${report.ledger.toLowerCase()}-aging`, report.asOf),
    title: `${names.title} - ${report.asOf}`,
    sheetName: names.title,
    details: [basisLine(report), ...contextLines(context, m.currency), ...fxGapLines(report.fxGaps)],
    columns: [text(names.contact, 26), text('Open in its currencies', 24), { header: 'Documents', kind: 'integer', width: 9, total: true }, ...buckets, amount('Total', 'total', true)],
    rows: report.contacts.map((c): Cell[] => [
      c.name, c.byCurrency.map((x) => formatMinor(x.openMinor, x.currency)).join('; '), c.documentCount,
      ...c.buckets.map((b) => m.major(b)), { formula: sum, value: m.major(c.totalBaseMinor) },
    ]),
    totalsLabel: 'Total',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}

const TYPE_LABELS: Record<string, string> = {
  ACCREC: 'invoice', ACCRECCREDIT: 'credit note', 'RECEIVE-PREPAYMENT': 'prepayment', ACCPAY: 'bill', ACCPAYCREDIT: 'supplier credit', 'SPEND-PREPAYMENT': 'prepayment',
};

/** The open documents behind the aging, oldest first; `contactId` keeps one contact's. */
export function agingDocumentsTable(report: AgingReport, context: FinanceReportContext, names: ReadonlyMap<string, string>, contactId?: string): ReportTable {
  const m = money(report.baseCurrency);
  const rows = contactId === undefined ? report.rows : report.rows.filter((r) => r.contactId === contactId);
  const who = contactId === undefined ? '' : ` - ${names.get(contactId) ?? contactId}`;
  return {
    fileStem: stem(`${report.ledger.toLowerCase()}-open-documents${who}`, report.asOf),
    title: `${report.ledger} open documents${who} - ${report.asOf}`,
    sheetName: `${report.ledger} documents`,
    details: [basisLine(report), ...contextLines(context, m.currency), ...fxGapLines(report.fxGaps)],
    columns: [
      text('Number', 14), text('Type', 13), text(LEDGER_NAMES[report.ledger].contact, 22), { header: 'Issued', kind: 'date', width: 11 },
      { header: 'Due', kind: 'date', width: 11 }, text('Currency', 8), { header: 'Open (its currency)', kind: 'number', width: 14 },
      amount(`Open (${m.currency})`, 'open', true), { header: 'Days', kind: 'integer', width: 6 }, text('Bucket', 12),
    ],
    rows: rows.map((r): Cell[] => [
      r.number, TYPE_LABELS[r.type] ?? r.type, names.get(r.contactId) ?? r.contactId, r.issuedOn, r.dueOn, r.currency,
      money(r.currency).major(r.openMinor), m.majorOrNull(r.openBaseMinor), r.days, AGING_BUCKET_LABELS[r.bucket],
    ]),
    totalsLabel: 'Total',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}
