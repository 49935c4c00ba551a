import type { FinanceDocument } from '../../domain/finance.schema';
import type { Cell, ReportTable } from '../../reports/report-table';
import type { Ratio } from '../ratios';
import type { DrillRow } from '../ratio-drilldowns';
import { amount, contextLines, money, plainFormula, stem, text, type FinanceReportContext } from './report-columns';

// A ratio broken down (DSO by customer, DPO by supplier, DIO by item or category): each row's own
// days over its own figures, and the days it adds to the company's ratio over the company's
// denominator in the totals row, so the contributions visibly add up to the company figure. Then
// the last step of the drill: one contact's documents.

export type DrillBy = 'customer' | 'supplier' | 'item' | 'category';

const BY: Record<DrillBy, { what: string; name: string; ownDenominator: string }> = {
  customer: { what: 'DSO by customer', name: 'Customer', ownDenominator: 'Revenue' },
  // A supplier's own days are over its bills; DPO itself is over COGS (the totals row).
  supplier: { what: 'DPO by supplier', name: 'Supplier', ownDenominator: 'Bills in period (total: COGS)' },
  item: { what: 'DIO by item', name: 'Item', ownDenominator: 'COGS' },
  category: { what: 'DIO by category', name: 'Category', ownDenominator: 'COGS' },
};

export interface DrillTableInput {
  by: DrillBy;
  /** The company ratio broken down. */
  ratio: Ratio;
  rows: readonly (DrillRow & { category?: string })[];
  baseCurrency: string;
  startOn: string;
  endOn: string;
}

export function drillTable(input: DrillTableInput, context: FinanceReportContext): ReportTable {
  const { by, ratio } = input;
  const m = money(input.baseCurrency);
  const spec = BY[by];
  const withCategory = by === 'item';
  const own = (r: DrillRow) => (r.days === null ? null : { formula: '{num}/{den}*{days}', value: r.days });
  const share = (r: DrillRow) => (r.contributionDays === null ? null : { formula: '{num}/{den@total}*{days}', value: r.contributionDays });
  return {
    fileStem: stem(spec.what, input.endOn),
    title: `${spec.what} - ${ratio.days} days to ${input.endOn}`,
    sheetName: spec.what,
    details: [
      `${plainFormula(ratio.formula)}; period ${input.startOn} to ${input.endOn}. Each row's own days over its own ${spec.ownDenominator.split(' (')[0]!.toLowerCase()}; its contribution over the company's ${ratio.denominatorLabel}, adding up to the company's ${ratio.key.toUpperCase()}`,
      ...(ratio.reason ? [ratio.reason] : []),
      ...contextLines(context, m.currency),
    ],
    columns: [
      text(spec.name, 28), ...(withCategory ? [text('Category', 14)] : []),
      amount(ratio.numeratorLabel === 'inventory' ? 'Inventory' : ratio.numeratorLabel, 'num', true, 14), amount(spec.ownDenominator, 'den', false, 16),
      { header: 'Days', kind: 'integer', width: 6, key: 'days' },
      { header: `Own ${ratio.key.toUpperCase()}`, kind: 'days', width: 11, key: 'own' },
      { header: `Contribution to ${ratio.key.toUpperCase()}`, kind: 'days', width: 13, key: 'share', total: true },
    ],
    rows: input.rows.map((r): Cell[] => [
      r.name, ...(withCategory ? [r.category ?? ''] : []), m.major(r.numeratorMinor), m.major(r.denominatorMinor), ratio.days, own(r), share(r),
    ]),
    totalsLabel: `Company ${ratio.key.toUpperCase()}`,
    totalCells: {
      den: m.major(ratio.denominatorMinor),
      days: ratio.days,
      own: ratio.value === null ? null : { formula: '{num}/{den}*{days}', value: ratio.value },
    },
    moneyDigits: m.digits,
    currency: m.currency,
  };
}

/** A document as the drill shows it (the server's and the desktop's ContactDocument fit). */
export interface DrillDocument {
  number: string;
  type: FinanceDocument['type'];
  status: FinanceDocument['status'];
  issuedOn: string;
  dueOn: string;
  currency: string;
  totalMinor: number;
  settledMinor: number;
  /** Signed: credit notes and prepayments negative while unallocated. */
  openMinor: number;
  openBaseMinor: number | null;
  daysPastDue: number | null;
  inPeriod: boolean;
}

const CREDIT = new Set<FinanceDocument['type']>(['ACCRECCREDIT', 'ACCPAYCREDIT', 'RECEIVE-PREPAYMENT', 'SPEND-PREPAYMENT']);

export interface ContactDocumentsInput {
  contact: { id: string; name: string; kind: 'customer' | 'supplier' };
  documents: readonly DrillDocument[];
  baseCurrency: string;
  endOn: string;
  periodDays: number;
}

/** One contact's documents behind its row: open at the end day or issued in the period. */
export function contactDocumentsTable(input: ContactDocumentsInput, context: FinanceReportContext): ReportTable {
  const m = money(input.baseCurrency);
  const open = (d: DrillDocument): Cell => {
    const sign = CREDIT.has(d.type) ? -1 : 1;
    const settledOpen = money(d.currency).major(d.openMinor);
    // Open is what the total leaves once settled, signed; a voided or closed document shows its own figure.
    if (d.openMinor !== 0 && d.openMinor === sign * (d.totalMinor - d.settledMinor)) return { formula: sign < 0 ? '-({total}-{settled})' : '{total}-{settled}', value: settledOpen };
    return settledOpen;
  };
  return {
    fileStem: stem(`${input.contact.kind === 'customer' ? 'invoices' : 'bills'}-${input.contact.name}`, input.endOn),
    title: `${input.contact.name} - documents to ${input.endOn}`,
    sheetName: input.contact.name,
    details: [
      `${input.contact.kind === 'customer' ? 'Customer' : 'Supplier'} ${input.contact.name} (${input.contact.id}): documents open on ${input.endOn} or issued in the ${input.periodDays} days to it`,
      ...contextLines(context, m.currency),
    ],
    columns: [
      text('Number', 14), text('Type', 18), text('Status', 11), { header: 'Issued', kind: 'date', width: 11 }, { header: 'Due', kind: 'date', width: 11 },
      text('Currency', 8), { header: 'Total', kind: 'number', width: 13, key: 'total' }, { header: 'Settled', kind: 'number', width: 13, key: 'settled' },
      { header: 'Open', kind: 'number', width: 13, key: 'open' }, amount(`Open (${m.currency})`, 'openBase', true),
      { header: 'Days past due', kind: 'integer', width: 9 }, text('In period', 9),
    ],
    rows: input.documents.map((d): Cell[] => {
      const c = money(d.currency);
      return [
        d.number, d.type, d.status, d.issuedOn, d.dueOn, d.currency, c.major(d.totalMinor), c.major(d.settledMinor), open(d),
        m.majorOrNull(d.openBaseMinor), d.daysPastDue, d.inPeriod ? 'yes' : 'no',
      ];
    }),
    totalsLabel: 'Total',
    moneyDigits: m.digits,
    currency: m.currency,
  };
}
