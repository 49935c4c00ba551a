import type { DemandHistoryPoint, ForecastPoint } from '@capliquify/shared';

/** The plot's box inside the SVG's viewBox: room on the left for quantities, below for dates. */
export interface ChartFrame { width: number; height: number; left: number; right: number; top: number; bottom: number }

export const DEFAULT_FRAME: ChartFrame = { width: 760, height: 300, left: 56, right: 16, top: 16, bottom: 40 };

export interface ChartTick { value: number; y: number; label: string }
export interface DateTick { x: number; label: string }
export interface MarkedWeek { x: number; y: number; period: string; quantity: number }

export interface ChartGeometry {
  frame: ChartFrame;
  /** Top of the quantity axis (a round number at or above every value shown). */
  yMax: number;
  yTicks: ChartTick[];
  xTicks: DateTick[];
  /** SVG path data: the demand that happened, the point forecast, and the 95% band as a closed area. */
  historyPath: string;
  forecastPath: string;
  bandPath: string;
  /** Where history ends and the forecast begins. */
  splitX: number | null;
  stockouts: MarkedWeek[];
  promos: MarkedWeek[];
}

/**
 * Round tick values from 0 to at least `max`, about `target` of them, in steps of 1, 2 or 5 × 10ⁿ
 * (so axis labels read 0, 20, 40… rather than 0, 19.4, 38.8…). A max of 0 still gives an axis.
 */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const count = Math.ceil(max / step - 1e-9);
  // Multiplying rather than adding keeps 0.1-steps free of 0.30000000000000004.
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A forecast week's label ("6 Jan"); ISO dates are read as UTC so no time zone moves them a day. */
export function weekLabel(period: string, withYear = false): string {
  const date = new Date(`${period}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return period;
  return (withYear ? monthYear : dayMonth).format(date);
}

const quantityLabel = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** Where everything goes on the chart: history then forecast along x, one slot per week. */
export function chartGeometry(history: readonly DemandHistoryPoint[], points: readonly ForecastPoint[], frame: ChartFrame = DEFAULT_FRAME): ChartGeometry {
  const weeks = history.length + points.length;
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const x = (i: number) => frame.left + (weeks <= 1 ? plotWidth / 2 : (i / (weeks - 1)) * plotWidth);
  const highest = Math.max(0, ...history.map((h) => h.quantity), ...points.map((p) => Math.max(p.yhat, p.hi95)));
  const ticks = niceTicks(highest);
  const yMax = ticks[ticks.length - 1]!;
  // Values below 0 (a model's negative lower bound) sit on the axis rather than under it.
  const y = (v: number) => frame.top + plotHeight - (Math.max(0, Math.min(v, yMax)) / yMax) * plotHeight;
  const line = (xy: [number, number][]) => xy.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${round(px)},${round(py)}`).join(' ');

  const historyXY = history.map((h, i): [number, number] => [x(i), y(h.quantity)]);
  const forecastIndex = (k: number) => history.length + k;
  // The forecast line starts at the last week of history, so the two read as one series.
  const lastHistory = historyXY[historyXY.length - 1];
  const forecastXY = points.map((p, k): [number, number] => [x(forecastIndex(k)), y(p.yhat)]);
  const upper = points.map((p, k): [number, number] => [x(forecastIndex(k)), y(p.hi95)]);
  const lower = points.map((p, k): [number, number] => [x(forecastIndex(k)), y(p.lo95)]).reverse();

  const marked = (keep: (h: DemandHistoryPoint) => boolean) => history.flatMap((h, i) =>
    keep(h) ? [{ x: round(x(i)), y: round(y(h.quantity)), period: h.period, quantity: h.quantity }] : []);

  return {
    frame,
    yMax,
    yTicks: ticks.map((value) => ({ value, y: round(y(value)), label: quantityLabel.format(value) })),
    xTicks: dateTicks([...history.map((h) => h.period), ...points.map((p) => p.period)], x),
    historyPath: line(historyXY),
    forecastPath: line(lastHistory && forecastXY.length > 0 ? [lastHistory, ...forecastXY] : forecastXY),
    bandPath: points.length === 0 ? '' : `${line([...upper, ...lower])} Z`,
    splitX: history.length > 0 && points.length > 0 ? round((x(history.length - 1) + x(history.length)) / 2) : null,
    stockouts: marked((h) => h.stockout),
    promos: marked((h) => h.promo),
  };
}

/** About eight date labels, evenly spaced; the first and any that starts a new year carry the year. */
function dateTicks(periods: readonly string[], x: (i: number) => number): DateTick[] {
  if (periods.length === 0) return [];
  const step = Math.max(1, Math.ceil(periods.length / 8));
  const ticks: DateTick[] = [];
  let lastYear = '';
  for (let i = 0; i < periods.length; i += step) {
    const period = periods[i]!;
    const year = period.slice(0, 4);
    ticks.push({ x: round(x(i)), label: weekLabel(period, year !== lastYear) });
    lastYear = year;
  }
  return ticks;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
