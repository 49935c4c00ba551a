import {
  AGING_BUCKET_LABELS, AGING_BUCKETS, computeRatios, contactName, dayNumber, dioByCategory, dioByItem, dpoBySupplier, dsoByCustomer, ratioTrend,
  type AgingBucket, type AgingReport, type Costing, type DrillRow, type FinanceBook, type FxGap, type Ratio, type RatioSet, type WorkingCapitalSnapshot,
} from '@capliquify/shared/finance/index';
import { documentPosition, type DocumentPosition } from '@capliquify/shared/finance/contact-documents';
import type { FinanceContact } from '@capliquify/shared';

// The Finance screens' answers shaped from the engine's reports: plain functions of a prepared
// book, so they are tested without a replica.

export interface PeriodOptions { endOn: string; periodDays: number; costing: Costing }

export interface PeriodTotals {
  receivablesMinor: number; revenueMinor: number; payablesMinor: number; purchasesMinor: number; inventoryMinor: number; cogsMinor: number;
}

export interface PeriodSummary {
  periodDays: number;
  startOn: string;
  endOn: string;
  ratios: RatioSet;
  totals: PeriodTotals;
  fxGaps: FxGap[];
}

export function periodSummary(book: FinanceBook, options: PeriodOptions): PeriodSummary & { snapshot: WorkingCapitalSnapshot } {
  const { snapshot, ratios } = computeRatios(book, options);
  const { receivablesMinor, revenueMinor, payablesMinor, purchasesMinor, inventoryMinor, cogsMinor } = snapshot;
  return {
    periodDays: snapshot.periodDays, startOn: snapshot.startOn, endOn: snapshot.endOn, ratios,
    totals: { receivablesMinor, revenueMinor, payablesMinor, purchasesMinor, inventoryMinor, cogsMinor }, fxGaps: snapshot.fxGaps, snapshot,
  };
}

export interface TrendValue { endOn: string; dso: number | null; dpo: number | null; dio: number | null; ccc: number | null }

/** The ratios at each of the last `months` month ends, the last at the end day. */
export function trendValues(book: FinanceBook, options: PeriodOptions, months = 12): TrendValue[] {
  return ratioTrend(book, { ...options, months }).map((p) => ({
    endOn: p.endOn, dso: p.ratios.dso.value, dpo: p.ratios.dpo.value, dio: p.ratios.dio.value, ccc: p.ratios.ccc.value,
  }));
}

export interface AgingBar { bucket: AgingBucket; label: string; amountMinor: number }

/** An aging report's totals as labelled bars, in bucket order. */
export function agingBars(report: Pick<AgingReport, 'totals'>): AgingBar[] {
  return AGING_BUCKETS.map((bucket, i) => ({ bucket, label: AGING_BUCKET_LABELS[bucket], amountMinor: report.totals.buckets[i] ?? 0 }));
}

export type DrillBy = 'customer' | 'supplier' | 'item' | 'category';
export type DrillLine = DrillRow & { category?: string };

/** The ratio a drill breaks down: DSO by customer, DPO by supplier, DIO by item or category. */
export function drilledRatio(ratios: RatioSet, by: DrillBy): Ratio {
  return by === 'customer' ? ratios.dso : by === 'supplier' ? ratios.dpo : ratios.dio;
}

/** A drill's rows, biggest contribution first; `category` keeps one category's items. */
export function drillLines(book: FinanceBook, snapshot: WorkingCapitalSnapshot, by: DrillBy, names?: ReadonlyMap<string, string>, category?: string): DrillLine[] {
  if (by === 'customer') return dsoByCustomer(book, snapshot);
  if (by === 'supplier') return dpoBySupplier(book, snapshot);
  if (by === 'category') return dioByCategory(snapshot);
  const items = dioByItem(snapshot, names);
  return category === undefined ? items : items.filter((i) => i.category === category);
}

/** A document as an alert's table lists it: where it stands at the day, with whose it is. */
export interface DocumentLine extends DocumentPosition {
  contactId: string;
  contactName: string;
}

/** Documents by id as of a day (for an alert's rows); unknown ids are left out. */
export function documentLines(book: FinanceBook, ids: readonly string[], asOf: string): DocumentLine[] {
  const day = dayNumber(asOf);
  return ids.flatMap((id) => {
    const entry = book.byId.get(id);
    if (!entry) return [];
    return [{ ...documentPosition(book, entry, day), contactId: entry.doc.contactId, contactName: contactName(book, entry.doc.contactId) }];
  });
}

export interface ContactLine {
  id: string;
  name: string;
  kind: FinanceContact['kind'] | null;
  currency: string | null;
  paymentTermsDays: number | null;
  /** What the contact owes (customers) or is owed (suppliers) at the day, base currency. */
  openBaseMinor: number;
  openDocuments: number;
}

/** Contacts by id with their open balance as of a day (for an alert's rows). */
export function contactLines(book: FinanceBook, ids: readonly string[], asOf: string): ContactLine[] {
  return ids.map((id) => {
    const contact = book.contacts.get(id);
    const docs = documentLines(book, (book.byContact.get(id) ?? []).map((d) => d.doc.id), asOf).filter((d) => d.openMinor !== 0);
    return {
      id, name: contact?.name ?? id, kind: contact?.kind ?? null, currency: contact?.currency ?? null, paymentTermsDays: contact?.paymentTermsDays ?? null,
      openBaseMinor: docs.reduce((sum, d) => sum + (d.openBaseMinor ?? 0), 0), openDocuments: docs.length,
    };
  });
}

export interface ItemLine { id: string; name: string; category: string; inventoryMinor: number; cogsMinor: number; closingQuantity: number; days: number | null }

/** Items by id from a snapshot (for an alert's rows). */
export function itemLines(snapshot: WorkingCapitalSnapshot, ids: readonly string[], names?: ReadonlyMap<string, string>): ItemLine[] {
  const wanted = new Set(ids);
  return dioByItem(snapshot, names).filter((i) => wanted.has(i.id)).map((i) => {
    const position = snapshot.items.find((p) => p.itemId === i.id);
    return { id: i.id, name: i.name, category: i.category, inventoryMinor: i.numeratorMinor, cogsMinor: i.denominatorMinor, closingQuantity: position?.closingQuantity ?? 0, days: i.days };
  });
}
