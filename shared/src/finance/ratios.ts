import type { FinanceBook } from './finance-book';
import { formatMinor } from './money';
import { workingCapitalSnapshot, type SnapshotOptions, type WorkingCapitalSnapshot } from './working-capital-snapshot';

// DSO, DPO, DIO and the cash conversion cycle, each with the figures and the formula the screen
// shows beside it. A ratio whose denominator is not positive is null with the reason, never
// Infinity or NaN. Values are unrounded days: rounding is the screen's.

export type RatioKey = 'dso' | 'dpo' | 'dio';

export const RATIO_FORMULAS = {
  dso: 'DSO = AR ÷ revenue × days',
  dpo: 'DPO = AP ÷ COGS × days',
  dio: 'DIO = inventory ÷ COGS × days',
  ccc: 'CCC = DIO + DSO − DPO',
} as const;

export interface Ratio {
  key: RatioKey;
  formula: string;
  /** Days, or null when the denominator is zero or negative (see `reason`). */
  value: number | null;
  numeratorLabel: string;
  numeratorMinor: number;
  denominatorLabel: string;
  denominatorMinor: number;
  days: number;
  reason: string | null;
}

export interface CycleRatio {
  key: 'ccc';
  formula: string;
  value: number | null;
  reason: string | null;
}

export interface RatioSet {
  baseCurrency: string;
  startOn: string;
  endOn: string;
  periodDays: number;
  dso: Ratio;
  dpo: Ratio;
  dio: Ratio;
  ccc: CycleRatio;
}

/** numerator ÷ denominator × days, or null with a reason when the denominator is not positive. */
export function ratioDays(numeratorMinor: number, denominatorMinor: number, days: number): number | null {
  // Multiplying first keeps whole results whole: 110,000 × 90 ÷ 100,000 is 99, not 99.00000000000001.
  return denominatorMinor > 0 ? (numeratorMinor * days) / denominatorMinor : null;
}

const LABELS: Record<RatioKey, [string, string]> = { dso: ['AR', 'revenue'], dpo: ['AP', 'COGS'], dio: ['inventory', 'COGS'] };

function ratio(key: RatioKey, numeratorMinor: number, denominatorMinor: number, totals: RatioTotals): Ratio {
  const [numeratorLabel, denominatorLabel] = LABELS[key];
  const value = ratioDays(numeratorMinor, denominatorMinor, totals.periodDays);
  let reason: string | null = null;
  if (value === null) {
    const what = denominatorMinor === 0 ? `No ${denominatorLabel}` : `${denominatorLabel[0]!.toUpperCase()}${denominatorLabel.slice(1)} is negative (${formatMinor(denominatorMinor, totals.baseCurrency)})`;
    reason = `${what} in the ${totals.periodDays} days to ${totals.endOn}: ${key.toUpperCase()} is undefined.`;
  }
  return { key, formula: RATIO_FORMULAS[key], value, numeratorLabel, numeratorMinor, denominatorLabel, denominatorMinor, days: totals.periodDays, reason };
}

export function cycle(dso: Ratio, dpo: Ratio, dio: Ratio): CycleRatio {
  const missing = [dio, dso, dpo].filter((r) => r.value === null).map((r) => r.key.toUpperCase());
  return {
    key: 'ccc', formula: RATIO_FORMULAS.ccc,
    value: missing.length === 0 ? dio.value! + dso.value! - dpo.value! : null,
    reason: missing.length === 0 ? null : `CCC needs ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} undefined.`,
  };
}

/** The totals a ratio set is made of: a snapshot, or a scenario's projection of one. */
export interface RatioTotals {
  baseCurrency: string;
  startOn: string;
  endOn: string;
  periodDays: number;
  receivablesMinor: number;
  revenueMinor: number;
  payablesMinor: number;
  inventoryMinor: number;
  cogsMinor: number;
}

export function ratiosFromTotals(totals: RatioTotals): RatioSet {
  const dso = ratio('dso', totals.receivablesMinor, totals.revenueMinor, totals);
  const dpo = ratio('dpo', totals.payablesMinor, totals.cogsMinor, totals);
  const dio = ratio('dio', totals.inventoryMinor, totals.cogsMinor, totals);
  const { baseCurrency, startOn, endOn, periodDays } = totals;
  return { baseCurrency, startOn, endOn, periodDays, dso, dpo, dio, ccc: cycle(dso, dpo, dio) };
}

/** Ratios over the trailing period ending on `endOn`, with the snapshot they came from (for drill-downs). */
export function computeRatios(book: FinanceBook, options: SnapshotOptions): { snapshot: WorkingCapitalSnapshot; ratios: RatioSet } {
  const snapshot = workingCapitalSnapshot(book, options);
  return { snapshot, ratios: ratiosFromTotals(snapshot) };
}
