import type { Anomaly, AnomalySeverity } from './anomaly';
import { formatDays, formatPct } from './anomaly';
import { isoDay } from './days';
import { contactName, type FinanceBook } from './finance-book';
import { converterOn } from './fx';
import { formatMinor } from './money';
import { openBalanceOf } from './open-balance';
import { delaySamples, delayStats } from './payment-delays';

// Alerts on receivables and payables: an overdue spike, a customer paying slower than it used to,
// and bills that look entered twice.

export interface OverdueSpikeOptions { weeks?: number; thresholdPct?: number }

/** Overdue AR on the as-of day against its average on the same weekday of the previous weeks (default 8). */
export function overdueSpike(book: FinanceBook, asOf: number, options: OverdueSpikeOptions = {}): Anomaly[] {
  const weeks = options.weeks ?? 8;
  const threshold = (options.thresholdPct ?? 25) / 100;
  // One rate for every point, so a currency move does not read as a spike.
  const toBase = converterOn(book.fx, asOf);
  const overdue = new Array<number>(weeks + 1).fill(0);
  const nowIds: { id: string; amount: number }[] = [];
  for (const doc of book.documents) {
    if (doc.doc.type !== 'ACCREC' || doc.voided) continue;
    for (let k = 0; k <= weeks; k++) {
      const day = asOf - 7 * k;
      if (doc.due >= day) continue;
      const open = openBalanceOf(book.settlements, doc, day);
      if (open <= 0) continue;
      const base = toBase(open, doc.currency);
      if (base === null) continue;
      overdue[k]! += base;
      if (k === 0) nowIds.push({ id: doc.doc.id, amount: base });
    }
  }
  const current = overdue[0]!;
  const average = Math.round(overdue.slice(1).reduce((a, b) => a + b, 0) / weeks);
  if (current <= 0 || current < average * (1 + threshold)) return [];
  const money = (m: number) => formatMinor(m, book.baseCurrency);
  const ratio = average > 0 ? current / average : Number.POSITIVE_INFINITY;
  const severity: AnomalySeverity = ratio >= 2 ? 'high' : ratio >= 1.5 ? 'medium' : 'low';
  const compared = average > 0 ? `${formatPct(ratio - 1)} above their average of ${money(average)}` : 'up from nothing';
  return [{
    id: `overdue_spike:${isoDay(asOf)}`, kind: 'overdue_spike', severity, subject: null,
    explanation: `Overdue receivables are ${money(current)} on ${isoDay(asOf)}, ${compared} over the previous ${weeks} weeks (${nowIds.length} invoices overdue).`,
    measure: { current, reference: average, unit: 'minor' },
    rows: { kind: 'document', ids: nowIds.sort((a, b) => b.amount - a.amount).map((r) => r.id) },
  }];
}

export interface SlowerPayerOptions { recentDays?: number; historyDays?: number; minDays?: number; minRecent?: number; minHistory?: number }

/** Customers whose recent invoices were paid later after due than their own long-run habit. */
export function slowerPayers(book: FinanceBook, asOf: number, options: SlowerPayerOptions = {}): Anomaly[] {
  const recentDays = options.recentDays ?? 90, historyDays = options.historyDays ?? 365, minDays = options.minDays ?? 10;
  const recent = delaySamples(book, 'AR', asOf - recentDays + 1, asOf);
  const before = delaySamples(book, 'AR', asOf - recentDays - historyDays + 1, asOf - recentDays);
  const alerts: Anomaly[] = [];
  for (const [contactId, samples] of recent) {
    const history = before.get(contactId);
    if (samples.length < (options.minRecent ?? 2) || !history || history.length < (options.minHistory ?? 3)) continue;
    const now = delayStats(samples)!, usual = delayStats(history)!;
    const slower = now.meanDays - usual.meanDays;
    if (slower < minDays) continue;
    const name = contactName(book, contactId);
    alerts.push({
      id: `slower_payer:${contactId}`, kind: 'slower_payer', severity: slower >= 30 ? 'high' : slower >= 20 ? 'medium' : 'low',
      subject: { kind: 'contact', id: contactId, name },
      explanation: `${name} paid its last ${samples.length} invoices ${formatDays(now.meanDays)} days after due on average, ${formatDays(slower)} days slower than its usual ${formatDays(usual.meanDays)} days (${history.length} invoices in the year before).`,
      measure: { current: now.meanDays, reference: usual.meanDays, unit: 'days' },
      rows: { kind: 'document', ids: samples.sort((a, b) => b.paidOn - a.paidOn).map((s) => s.documentId) },
    });
  }
  return alerts;
}

export interface DuplicateBillOptions { windowDays?: number }

const normalise = (number: string) => number.trim().toUpperCase();

/** Bills from one supplier for the same amount, dated within a few days, under different numbers. */
export function duplicateBills(book: FinanceBook, options: DuplicateBillOptions = {}): Anomaly[] {
  const windowDays = options.windowDays ?? 3;
  const groups = new Map<string, typeof book.documents[number][]>();
  for (const doc of book.documents) {
    if (doc.doc.type !== 'ACCPAY' || doc.voided) continue;
    const key = `${doc.doc.contactId}|${doc.currency}|${doc.doc.totalMinor}`;
    const list = groups.get(key);
    if (list) list.push(doc); else groups.set(key, [doc]);
  }
  const alerts: Anomaly[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.issued - b.issued);
    let cluster = [list[0]!];
    const flush = () => {
      if (new Set(cluster.map((d) => normalise(d.doc.number))).size >= 2) alerts.push(duplicateAlert(book, cluster));
    };
    for (const doc of list.slice(1)) {
      if (doc.issued - cluster[cluster.length - 1]!.issued <= windowDays) cluster.push(doc);
      else { flush(); cluster = [doc]; }
    }
    flush();
  }
  return alerts;
}

function duplicateAlert(book: FinanceBook, cluster: FinanceBook['documents'][number][]): Anomaly {
  const first = cluster[0]!, last = cluster[cluster.length - 1]!;
  const name = contactName(book, first.doc.contactId);
  const unpaid = cluster.filter((d) => d.paidOn === null).length;
  const span = last.issued - first.issued;
  return {
    id: `duplicate_bill:${cluster.map((d) => d.doc.id).join(',')}`, kind: 'duplicate_bill',
    severity: unpaid >= 2 ? 'high' : unpaid === 1 ? 'medium' : 'low',
    subject: { kind: 'contact', id: first.doc.contactId, name },
    explanation: `Bills ${cluster.map((d) => d.doc.number).join(', ')} from ${name} are for the same ${formatMinor(first.doc.totalMinor, first.currency)}, dated ${span === 0 ? 'the same day' : `${span} day${span === 1 ? '' : 's'} apart`} (${first.doc.issuedOn} to ${last.doc.issuedOn}); ${unpaid} of them unpaid.`,
    measure: { current: first.doc.totalMinor, reference: null, unit: 'minor' },
    rows: { kind: 'document', ids: cluster.map((d) => d.doc.id) },
  };
}
