import { dayNumber } from './days';
import type { BookDocument, FinanceBook, SettlementColumns } from './finance-book';

// What a document leaves outstanding on a day, as Xero's aged reports show it: the total less
// what settled it up to that day; credit notes and prepayments count negative while unallocated.

/** Amount settled against the document up to and including `day` (document currency). */
export function settledBy(settlements: SettlementColumns, doc: BookDocument, day: number): number {
  const { days, cumulative } = settlements;
  // Runs are short (a payment or two): scan back from the latest.
  for (let k = doc.settleTo - 1; k >= doc.settleFrom; k--) if (days[k]! <= day) return cumulative[k]!;
  return 0;
}

/**
 * Signed outstanding amount on `day` in the document's currency: positive for what is owed,
 * negative for unallocated credit; 0 once voided or before it was issued.
 */
export function openBalanceOf(settlements: SettlementColumns, doc: BookDocument, day: number): number {
  if (doc.voided || doc.issued > day || (doc.closedOn !== null && doc.closedOn <= day)) return 0;
  const open = doc.sign * (doc.doc.totalMinor - settledBy(settlements, doc, day));
  return open === 0 ? 0 : open;
}

export interface OpenBalance {
  documentId: string;
  currency: string;
  totalMinor: number;
  settledMinor: number;
  /** Signed: negative for unallocated credit notes and prepayments. */
  openMinor: number;
}

/** A document's outstanding amount as of an ISO day; null when the document is unknown. */
export function openBalance(book: FinanceBook, documentId: string, asOf: string): OpenBalance | null {
  const doc = book.byId.get(documentId);
  if (!doc) return null;
  const day = dayNumber(asOf);
  const settled = doc.voided || doc.issued > day ? 0 : settledBy(book.settlements, doc, day);
  return { documentId, currency: doc.currency, totalMinor: doc.doc.totalMinor, settledMinor: settled, openMinor: openBalanceOf(book.settlements, doc, day) };
}
