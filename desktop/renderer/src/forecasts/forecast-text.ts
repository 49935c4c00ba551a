import type { DemandClass } from '@capliquify/shared';

// What the Forecasts screen says in words: a planner should not need to know what MASE stands
// for to read whether a forecast can be trusted.

export interface Verdict { value: string; verdict: string }

const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** MASE below 1 beats "same as last week"; at 1 or above a naive forecast would have done as well. */
export function describeMase(mase: number | null): Verdict {
  if (mase === null) return { value: '—', verdict: 'Not enough history to test this item’s forecasts yet' };
  const value = twoDecimals.format(mase);
  if (mase < 1) return { value, verdict: `Better than a naive forecast: errors ${percent.format(1 - mase)} smaller` };
  if (mase < 1.005) return { value, verdict: 'As good as a naive forecast, no better' };
  return { value, verdict: `Worse than a naive forecast: errors ${percent.format(mase - 1)} larger` };
}

/** Bias is the mean error (forecast − actual) ÷ mean demand: above 0 the forecast ran high. */
export function describeBias(bias: number | null): Verdict {
  if (bias === null) return { value: '—', verdict: 'Not enough history to test this item’s forecasts yet' };
  const value = `${bias > 0 ? '+' : bias < 0 ? '−' : ''}${percent.format(Math.abs(bias))}`;
  if (Math.abs(bias) < 0.02) return { value, verdict: 'On target: neither high nor low on average' };
  return { value, verdict: bias > 0 ? 'Runs high: forecasts more than sells (risk of overstock)' : 'Runs low: forecasts less than sells (risk of stock-outs)' };
}

const MODEL_LABELS: Record<string, string> = {
  ets: 'Exponential smoothing', arima: 'ARIMA', theta: 'Theta', prophet: 'Trend + seasonality', lstm: 'Neural network (LSTM)',
  croston: 'Croston', sba: 'Croston (SBA)', tsb: 'TSB', adida: 'ADIDA', naive: 'Naive (last week)',
  snaive: 'Seasonal naive', drift: 'Drift',
};

/** A model's name for planners; an unknown one shows as sent. */
export function modelLabel(name: string): string {
  return MODEL_LABELS[name] ?? name;
}

/** The models' shares, largest first (ties by name, so the order never flickers between runs). */
export function rankedWeights(weights: Readonly<Record<string, number>>): { name: string; label: string; share: number }[] {
  return Object.entries(weights)
    .map(([name, share]) => ({ name, label: modelLabel(name), share }))
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
}

export function formatShare(share: number): string {
  return percent.format(share);
}

const CLASS_TEXT: Record<DemandClass, string> = {
  smooth: 'Smooth: sells most weeks in similar amounts',
  erratic: 'Erratic: sells most weeks, in very different amounts',
  intermittent: 'Intermittent: many weeks without a sale',
  lumpy: 'Lumpy: many weeks without a sale, then large orders',
};

export function describeDemandClass(demandClass: DemandClass): string {
  return CLASS_TEXT[demandClass];
}

/** Quantities suggested from a forecast, to one decimal (they are estimates, not counts). */
export function formatEstimate(value: number): string {
  return oneDecimal.format(value);
}

export function formatServiceLevel(level: number): string {
  return percent.format(level);
}

const MAX_LEAD_TIME_DAYS = 3650;

/** A what-if lead time as typed: days, 0 or more (a decimal comma is read as a point). */
export function parseLeadTimeDays(text: string): { ok: true; days: number } | { ok: false; message: string } {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { ok: false, message: 'Type a lead time in days.' };
  const days = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(days)) return { ok: false, message: `“${text.trim()}” is not a number of days: type 0 or more, e.g. 14.` };
  if (days > MAX_LEAD_TIME_DAYS) return { ok: false, message: `A lead time of at most ${MAX_LEAD_TIME_DAYS} days, please.` };
  return { ok: true, days };
}
