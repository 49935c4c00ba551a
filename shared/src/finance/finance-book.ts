import type { FinanceContact, FinanceDocument, FxRate, InventoryMonth, PlannedPurchaseDocument, SalesOutlook } from '../domain/finance.schema';
import { dayNumber, parseDay } from './days';
import { buildFxIndex, datedConverter, type FxIndex } from './fx';
import { buildInventoryIndex, type InventoryIndex } from './inventory-position';
import { FinanceInputError } from './finance-input-error';

// The replicated finance documents indexed once, so each report is a single pass over arrays:
// dates parsed to day numbers, each document's settlements sorted with running totals in one flat
// array, documents grouped by contact, and the allocations of each credit note or prepayment found
// on the invoices they settle. Reports run many times over one book (periods, trend, scenarios).

export type Ledger = 'AR' | 'AP';

/** What the engine needs: the finance scope's documents and the tenant's base currency. */
export interface FinanceData {
  baseCurrency: string;
  contacts: readonly FinanceContact[];
  documents: readonly FinanceDocument[];
  fxRates: readonly FxRate[];
  inventoryMonths: readonly InventoryMonth[];
  /** Last day the inventory months cover (the current month is partial up to it); default: the end of the latest month. */
  inventoryThrough?: string;
  /** Open purchase orders as the cash they will take, for the cash forecast. */
  plannedPurchases?: readonly PlannedPurchaseDocument[];
  /** The demand forecasts priced as weekly revenue and margin, for the cash forecast. */
  salesOutlook?: SalesOutlook | null;
}

/** What the books plan beyond the open documents: the cash forecast takes both unless told not to. */
export interface CashPlan {
  plannedPurchases: readonly PlannedPurchaseDocument[];
  salesOutlook: SalesOutlook | null;
}

/** Every document's settlements, sorted by day, as running totals in flat arrays. */
export interface SettlementColumns {
  days: Int32Array;
  cumulative: Float64Array;
}

export interface BookDocument {
  doc: FinanceDocument;
  /** Position in `FinanceBook.documents`. */
  index: number;
  ledger: Ledger;
  /** +1 for invoices and bills (owed), −1 for credit notes and prepayments (credit while unallocated). */
  sign: 1 | -1;
  currency: string;
  /** Position of `currency` in `FinanceBook.currencies`, and of the contact in `FinanceBook.contactIds`. */
  currencyIndex: number;
  contactIndex: number;
  issued: number;
  due: number;
  voided: boolean;
  /** This document's run in `settlements`: [from, to). */
  settleFrom: number;
  settleTo: number;
  /** The total in base currency at the rate of the issue day; null without a rate. */
  baseTotalAtIssue: number | null;
  /** For invoices and bills settled in full with at least one payment: the day they were settled. */
  paidOn: number | null;
  /** The day from which nothing is outstanding for good (its last settlement brought it to zero); null if never. */
  closedOn: number | null;
}

export interface FinanceBook {
  baseCurrency: string;
  fx: FxIndex;
  contacts: ReadonlyMap<string, FinanceContact>;
  /** Every document, in input order. */
  documents: readonly BookDocument[];
  settlements: SettlementColumns;
  /** The currencies and contact ids the documents use, in order of first appearance. */
  currencies: readonly string[];
  contactIds: readonly string[];
  byId: ReadonlyMap<string, BookDocument>;
  byContact: ReadonlyMap<string, readonly BookDocument[]>;
  inventory: InventoryIndex;
  cashPlan: CashPlan;
}

const LEDGER: Record<FinanceDocument['type'], { ledger: Ledger; sign: 1 | -1 }> = {
  ACCREC: { ledger: 'AR', sign: 1 },
  ACCRECCREDIT: { ledger: 'AR', sign: -1 },
  'RECEIVE-PREPAYMENT': { ledger: 'AR', sign: -1 },
  ACCPAY: { ledger: 'AP', sign: 1 },
  ACCPAYCREDIT: { ledger: 'AP', sign: -1 },
  'SPEND-PREPAYMENT': { ledger: 'AP', sign: -1 },
};

export function ledgerOf(type: FinanceDocument['type']): Ledger {
  return LEDGER[type].ledger;
}

function parse(iso: string, what: string, doc: FinanceDocument): number {
  const day = parseDay(iso);
  if (Number.isNaN(day)) {
    try { dayNumber(iso); } catch (error) { throw new FinanceInputError(`Document ${doc.id} (${doc.number}): ${what} ${(error as Error).message}`); }
  }
  return day;
}

/**
 * Indexes the finance data. A credit note or prepayment is reduced by the allocations that name
 * it (`sourceId`) on the invoices it settles, and by its own payments (refunds); its own non-payment
 * settlements are ignored, as they would only mirror those allocations.
 */
export function prepareFinanceBook(data: FinanceData): FinanceBook {
  const fx = buildFxIndex(data.baseCurrency, data.fxRates);
  const toBase = datedConverter(fx);
  const docs = data.documents;
  const documents: BookDocument[] = new Array(docs.length);
  const byId = new Map<string, BookDocument>();
  const byContact = new Map<string, BookDocument[]>();
  const currencies = new Map<string, number>();
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    const { ledger, sign } = LEDGER[doc.type];
    const currency = doc.currency.toUpperCase();
    let currencyIndex = currencies.get(currency);
    if (currencyIndex === undefined) currencies.set(currency, (currencyIndex = currencies.size));
    const issued = parse(doc.issuedOn, 'issue date', doc);
    const book: BookDocument = {
      doc, index: i, ledger, sign, currency, currencyIndex, contactIndex: 0, issued, due: parse(doc.dueOn, 'due date', doc), voided: doc.status === 'VOIDED',
      settleFrom: 0, settleTo: 0, baseTotalAtIssue: toBase(doc.totalMinor, currency, issued), paidOn: null, closedOn: null,
    };
    documents[i] = book;
    byId.set(doc.id, book);
    const list = byContact.get(doc.contactId);
    if (list) { book.contactIndex = list[0]!.contactIndex; list.push(book); } else { book.contactIndex = byContact.size; byContact.set(doc.contactId, [book]); }
  }
  const settlements = settlementColumns(documents, byId);
  return {
    baseCurrency: fx.baseCurrency, fx, contacts: new Map(data.contacts.map((c) => [c.id, c])), documents, settlements,
    currencies: [...currencies.keys()], contactIds: [...byContact.keys()], byId, byContact,
    inventory: buildInventoryIndex(data.inventoryMonths, data.inventoryThrough),
    cashPlan: { plannedPurchases: data.plannedPurchases ?? [], salesOutlook: data.salesOutlook ?? null },
  };
}

/** Each settlement with the document it reduces: its own, and the credit note or prepayment it allocates. */
function forEachReduction(documents: readonly BookDocument[], byId: ReadonlyMap<string, BookDocument>, visit: (target: BookDocument, on: string, amount: number, owner: BookDocument) => void): void {
  for (const book of documents) {
    const credit = book.sign < 0;
    for (const s of book.doc.settlements) {
      if (credit) { if (s.kind === 'payment') visit(book, s.on, s.amountMinor, book); continue; }
      visit(book, s.on, s.amountMinor, book);
      const source = s.kind !== 'payment' && s.sourceId !== null ? byId.get(s.sourceId) : undefined;
      if (source !== undefined && source.sign < 0) visit(source, s.on, s.amountMinor, book);
    }
  }
}

/** Two passes: count each document's reductions, then lay them out by document, sorted, as running totals. */
function settlementColumns(documents: BookDocument[], byId: ReadonlyMap<string, BookDocument>): SettlementColumns {
  const counts = new Int32Array(documents.length);
  forEachReduction(documents, byId, (target) => { counts[target.index]! += 1; });
  let offset = 0;
  for (const book of documents) { book.settleFrom = book.settleTo = offset; offset += counts[book.index]!; }
  const days = new Int32Array(offset), amounts = new Float64Array(offset), cumulative = new Float64Array(offset);
  forEachReduction(documents, byId, (target, on, amount, owner) => {
    const at = target.settleTo++;
    days[at] = parse(on, 'settlement date', owner.doc);
    amounts[at] = amount;
  });
  for (const book of documents) {
    sortRun(days, amounts, book.settleFrom, book.settleTo);
    const hasPayment = book.sign > 0 && book.doc.settlements.some((s) => s.kind === 'payment');
    let settled = 0;
    for (let k = book.settleFrom; k < book.settleTo; k++) {
      settled += amounts[k]!;
      cumulative[k] = settled;
      if (book.paidOn === null && hasPayment && !book.voided && settled >= book.doc.totalMinor) book.paidOn = days[k]!;
    }
    if (settled === book.doc.totalMinor) book.closedOn = book.settleTo > book.settleFrom ? days[book.settleTo - 1]! : book.issued;
  }
  return { days, cumulative };
}

/** Insertion sort of one document's few settlements by day (stable, so same-day order is kept). */
function sortRun(days: Int32Array, amounts: Float64Array, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const day = days[k]!, amount = amounts[k]!;
    let j = k - 1;
    while (j >= from && days[j]! > day) { days[j + 1] = days[j]!; amounts[j + 1] = amounts[j]!; j--; }
    days[j + 1] = day;
    amounts[j + 1] = amount;
  }
}

/** The contact's name, or its id when the contact is not in the data. */
export function contactName(book: FinanceBook, contactId: string): string {
  return book.contacts.get(contactId)?.name ?? contactId;
}
