// What the Finance screen filters by: the trailing period (30, 90 or 365 days), the day the
// figures are as of (the data's own day unless chosen), one currency's documents or all, one
// legal entity's or all, and the inventory costing. Kept while moving around the section.

export const PERIODS = [30, 90, 365] as const;
export type Period = (typeof PERIODS)[number];

export interface FinanceFilters {
  periodDays: Period;
  /** Null: the day the finance data is as of. */
  endOn: string | null;
  currency: string | null;
  /** A legal entity's id (the data's `entities`), or null for every entity's documents. */
  entity: string | null;
  costing: 'mac' | 'fifo';
}

export const DEFAULT_FILTERS: FinanceFilters = { periodDays: 90, endOn: null, currency: null, entity: null, costing: 'mac' };

/** Which documents, as the core's inputs take it (absent rather than null). */
export function documentFilter(f: FinanceFilters): { currency?: string; entity?: string } {
  return { ...(f.currency ? { currency: f.currency } : {}), ...(f.entity ? { entity: f.entity } : {}) };
}

/** The filters as the core's inputs take them (absent rather than null). */
export function periodInput(f: FinanceFilters): { periodDays: number; costing: 'mac' | 'fifo'; endOn?: string; currency?: string; entity?: string } {
  return { periodDays: f.periodDays, costing: f.costing, ...(f.endOn ? { endOn: f.endOn } : {}), ...documentFilter(f) };
}

/** A key that changes when any filter does (for re-reading). */
export function filtersKey(f: FinanceFilters): string {
  return `${f.periodDays}|${f.endOn ?? ''}|${f.currency ?? ''}|${f.entity ?? ''}|${f.costing}`;
}
