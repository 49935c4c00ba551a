// What the Finance screen filters by: the trailing period (30, 90 or 365 days), the day the
// figures are as of (the data's own day unless chosen), one currency's documents or all, and the
// inventory costing. Kept while moving around the section.

export const PERIODS = [30, 90, 365] as const;
export type Period = (typeof PERIODS)[number];

export interface FinanceFilters {
  periodDays: Period;
  /** Null: the day the finance data is as of. */
  endOn: string | null;
  currency: string | null;
  costing: 'mac' | 'fifo';
}

export const DEFAULT_FILTERS: FinanceFilters = { periodDays: 90, endOn: null, currency: null, costing: 'mac' };

/** The filters as the core's inputs take them (absent rather than null). */
export function periodInput(f: FinanceFilters): { periodDays: number; costing: 'mac' | 'fifo'; endOn?: string; currency?: string } {
  return { periodDays: f.periodDays, costing: f.costing, ...(f.endOn ? { endOn: f.endOn } : {}), ...(f.currency ? { currency: f.currency } : {}) };
}

/** A key that changes when any filter does (for re-reading). */
export function filtersKey(f: FinanceFilters): string {
  return `${f.periodDays}|${f.endOn ?? ''}|${f.currency ?? ''}|${f.costing}`;
}
