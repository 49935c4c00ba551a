import type { BookDocument, FinanceBook, Ledger } from './finance-book';

// How late each customer (or supplier) pays: days from due date to the day an invoice was settled
// in full, over the invoices settled in a window, weighted by amount so a big invoice paid late
// counts for more than a small one paid on time.

export interface DelaySample {
  documentId: string;
  contactId: string;
  paidOn: number;
  /** Days after the due date (negative: paid early). */
  delayDays: number;
  /** Days after the invoice date. */
  daysToPay: number;
  weight: number;
}

/** Where a customer's expected delay comes from: its own invoices, the company's, or none (the due date). */
export type DelayBasis = 'customer_history' | 'company_history' | 'terms';

export interface DelayStats {
  sampleSize: number;
  /** Amount-weighted mean, median and 10th/90th percentiles of the delay in days. */
  meanDays: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Amount-weighted quantile (the smallest value whose cumulative weight reaches p). */
export function weightedQuantile(samples: readonly { value: number; weight: number }[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, s) => sum + s.weight, 0);
  if (!(total > 0)) return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!.value;
  let cumulative = 0;
  for (const s of sorted) {
    cumulative += s.weight;
    if (cumulative >= p * total - 1e-9) return s.value;
  }
  return sorted[sorted.length - 1]!.value;
}

export function delayStats(samples: readonly DelaySample[], pick: (s: DelaySample) => number = (s) => s.delayDays): DelayStats | null {
  if (samples.length === 0) return null;
  const values = samples.map((s) => ({ value: pick(s), weight: s.weight }));
  const total = values.reduce((sum, v) => sum + v.weight, 0);
  const meanDays = total > 0 ? values.reduce((sum, v) => sum + v.value * v.weight, 0) / total : values.reduce((sum, v) => sum + v.value, 0) / values.length;
  return { sampleSize: samples.length, meanDays, p10: weightedQuantile(values, 0.1), p50: weightedQuantile(values, 0.5), p90: weightedQuantile(values, 0.9) };
}

function sampleOf(doc: BookDocument): DelaySample | null {
  if (doc.paidOn === null || doc.doc.type !== (doc.ledger === 'AR' ? 'ACCREC' : 'ACCPAY')) return null;
  return {
    documentId: doc.doc.id, contactId: doc.doc.contactId, paidOn: doc.paidOn, delayDays: doc.paidOn - doc.due, daysToPay: doc.paidOn - doc.issued,
    weight: Math.abs(doc.baseTotalAtIssue ?? doc.doc.totalMinor),
  };
}

/** Invoices (or bills) settled in full with a payment in the days `from`…`to`, per contact. */
export function delaySamples(book: FinanceBook, ledger: Ledger, from: number, to: number): Map<string, DelaySample[]> {
  const byContact = new Map<string, DelaySample[]>();
  for (const [contactId, docs] of book.byContact) {
    let list: DelaySample[] | undefined;
    for (const doc of docs) {
      if (doc.ledger !== ledger || doc.paidOn === null || doc.paidOn < from || doc.paidOn > to) continue;
      const sample = sampleOf(doc);
      if (!sample) continue;
      (list ??= []).push(sample);
    }
    if (list) byContact.set(contactId, list);
  }
  return byContact;
}
