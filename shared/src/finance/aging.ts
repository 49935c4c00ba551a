import type { FinanceDocument } from '../domain/finance.schema';
import { dayNumber, isoDay } from './days';
import { contactName, type FinanceBook, type Ledger } from './finance-book';
import { convertIndexed, fxGapCollector, rateTable, type FxGap } from './fx';
import { openBalanceOf } from './open-balance';

// AR and AP aging on a day: each open document in one bucket by days past due (or, on request,
// days since its date), converted to the base currency at that day's rate, per contact and in total.

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export const AGING_BUCKET_LABELS: Record<AgingBucket, string> = {
  current: 'Current', '1-30': '1–30 days', '31-60': '31–60 days', '61-90': '61–90 days', 'over-90': 'Over 90 days',
};

export type AgingBasis = 'due' | 'invoice';

export interface AgingOptions {
  ledger: Ledger;
  asOf: string;
  /** Age by days past the due date (default) or by days since the document's date. */
  basis?: AgingBasis;
}

export interface AgingRow {
  documentId: string;
  number: string;
  type: FinanceDocument['type'];
  contactId: string;
  issuedOn: string;
  dueOn: string;
  currency: string;
  /** Signed outstanding amount in the document's currency (credits negative). */
  openMinor: number;
  /** The same in the base currency at the as-of rate; null when there is no rate. */
  openBaseMinor: number | null;
  /** Days past due (or since the document's date); ≤ 0 is current. */
  days: number;
  bucket: AgingBucket;
}

export interface AgingContact {
  contactId: string;
  name: string;
  /** What the contact owes or is owed in each of its currencies, for display. */
  byCurrency: { currency: string; openMinor: number }[];
  /** Base-currency amount per bucket, in the order of AGING_BUCKETS. */
  buckets: number[];
  totalBaseMinor: number;
  documentCount: number;
}

export interface AgingReport {
  ledger: Ledger;
  asOf: string;
  basis: AgingBasis;
  baseCurrency: string;
  /** Open documents, oldest first. */
  rows: AgingRow[];
  /** Contacts by total descending. */
  contacts: AgingContact[];
  totals: { buckets: number[]; totalBaseMinor: number };
  /** Rows left out of the base-currency figures for want of a rate. */
  fxGaps: FxGap[];
}

export function bucketOf(days: number): AgingBucket {
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return 'over-90';
}

const BUCKET_INDEX = new Map(AGING_BUCKETS.map((b, i) => [b, i]));

export function computeAging(book: FinanceBook, options: AgingOptions): AgingReport {
  const basis = options.basis ?? 'due';
  const day = dayNumber(options.asOf);
  const rates = rateTable(book.fx, book.currencies, day);
  const gaps = fxGapCollector(day);
  const rows: AgingRow[] = [];
  const contacts: AgingContact[] = [];
  const totals = { buckets: [0, 0, 0, 0, 0], totalBaseMinor: 0 };
  for (const [contactId, docs] of book.byContact) {
    let contact: AgingContact | null = null;
    const byCurrency = new Map<string, number>();
    for (const doc of docs) {
      if (doc.ledger !== options.ledger) continue;
      const openMinor = openBalanceOf(book.settlements, doc, day);
      if (openMinor === 0) continue;
      const days = day - (basis === 'due' ? doc.due : doc.issued);
      const bucket = bucketOf(days);
      const openBaseMinor = convertIndexed(rates, openMinor, doc.currencyIndex);
      rows.push({
        documentId: doc.doc.id, number: doc.doc.number, type: doc.doc.type, contactId, issuedOn: doc.doc.issuedOn, dueOn: doc.doc.dueOn,
        currency: doc.currency, openMinor, openBaseMinor, days, bucket,
      });
      contact ??= { contactId, name: contactName(book, contactId), byCurrency: [], buckets: [0, 0, 0, 0, 0], totalBaseMinor: 0, documentCount: 0 };
      contact.documentCount += 1;
      byCurrency.set(doc.currency, (byCurrency.get(doc.currency) ?? 0) + openMinor);
      if (openBaseMinor === null) { gaps.add(doc.currency, doc.doc.id); continue; }
      const b = BUCKET_INDEX.get(bucket)!;
      contact.buckets[b]! += openBaseMinor;
      contact.totalBaseMinor += openBaseMinor;
      totals.buckets[b]! += openBaseMinor;
      totals.totalBaseMinor += openBaseMinor;
    }
    if (contact) {
      contact.byCurrency = [...byCurrency].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([currency, openMinor]) => ({ currency, openMinor }));
      contacts.push(contact);
    }
  }
  rows.sort((a, b) => b.days - a.days || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  contacts.sort((a, b) => b.totalBaseMinor - a.totalBaseMinor || (a.name < b.name ? -1 : 1));
  return { ledger: options.ledger, asOf: isoDay(day), basis, baseCurrency: book.baseCurrency, rows, contacts, totals, fxGaps: gaps.list() };
}
