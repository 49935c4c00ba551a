import type { FinanceDocument, Settlement } from '../domain/finance.schema';
import { dayNumber, isoDay } from './days';
import type { BookDocument, FinanceBook } from './finance-book';
import { toBaseMinor } from './fx';
import { openBalance } from './open-balance';

// The last step of a drill-down: from a customer's (or supplier's) days to the invoices behind
// them. A document shows when it was open at the end of the period (it makes up AR or AP) or was
// issued in the period (it makes up revenue or purchases). The server's drill answers and the
// desktop's offline ones both come from here.

/** Where a document stands at a day, as the tables list it: in its own currency and the base currency. */
export interface DocumentPosition {
  id: string;
  number: string;
  type: FinanceDocument['type'];
  issuedOn: string;
  dueOn: string;
  currency: string;
  totalMinor: number;
  status: FinanceDocument['status'];
  /** Settled by the day, in the document's currency. */
  settledMinor: number;
  /** Signed outstanding at the day (credits negative), document currency. */
  openMinor: number;
  /** The same in the base currency at the day's rate; null without a rate. */
  openBaseMinor: number | null;
  /** Days past due at the day (≤ 0: not yet due); null once nothing is open. */
  daysPastDue: number | null;
}

export function documentPosition(book: FinanceBook, entry: BookDocument, day: number): DocumentPosition {
  const doc = entry.doc;
  const balance = openBalance(book, doc.id, isoDay(day))!;
  const base = balance.openMinor === 0 ? { ok: true as const, baseMinor: 0 } : toBaseMinor(book.fx, balance.openMinor, doc.currency, day);
  return {
    id: doc.id, number: doc.number, type: doc.type, issuedOn: doc.issuedOn, dueOn: doc.dueOn, currency: balance.currency, totalMinor: doc.totalMinor,
    status: doc.status, settledMinor: balance.settledMinor, openMinor: balance.openMinor, openBaseMinor: base.ok ? base.baseMinor : null,
    daysPastDue: balance.openMinor === 0 ? null : day - entry.due,
  };
}

export interface ContactDocument extends DocumentPosition {
  /** Issued within the period: part of the ratio's denominator (revenue or purchases). */
  inPeriod: boolean;
  settlements: Settlement[];
}

export function contactDocuments(book: FinanceBook, contactId: string, endOn: string, periodDays: number): ContactDocument[] {
  const end = dayNumber(endOn);
  const start = end - periodDays + 1;
  const out: ContactDocument[] = [];
  for (const entry of book.byContact.get(contactId) ?? []) {
    const inPeriod = !entry.voided && entry.issued >= start && entry.issued <= end;
    const position = documentPosition(book, entry, end);
    if (position.openMinor === 0 && !inPeriod) continue;
    out.push({ ...position, inPeriod, settlements: entry.doc.settlements.filter((s) => s.on <= isoDay(end)) });
  }
  return out.sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : a.number.localeCompare(b.number)));
}
