// Where everything goes on the Finance charts (plain SVG, no chart library): the ratios' monthly
// trend, the 13-week cash band and the aging bars. Plain functions of the figures, so the shapes
// are tested without a browser. Values may be negative (a negative cycle, cash below zero, credit
// notes in a bucket): every scale includes zero and what lies below it.

export interface ChartFrame { width: number; height: number; left: number; right: number; top: number; bottom: number }

export const TREND_FRAME: ChartFrame = { width: 760, height: 280, left: 56, right: 16, top: 16, bottom: 36 };
export const CASH_FRAME: ChartFrame = { width: 760, height: 280, left: 88, right: 16, top: 16, bottom: 36 };

export interface Tick { value: number; at: number; label: string }

/**
 * Round ticks covering `min` … `max` (and zero), about `target` of them, in steps of 1, 2 or 5 × 10ⁿ.
 * A flat or empty range still gives an axis.
 */
export function niceScale(min: number, max: number, target = 5): number[] {
  let lo = Math.min(0, min), hi = Math.max(0, max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-9) hi = lo + 1;
  const rough = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const count = Math.round((hi - lo) / step);
  return Array.from({ length: count + 1 }, (_, i) => Number((lo + i * step).toPrecision(12)));
}

const round = (v: number) => Math.round(v * 10) / 10;

interface Scale { y(value: number): number; ticks: Tick[] }

function yScale(values: readonly number[], frame: ChartFrame, label: (v: number) => string): Scale {
  const ticks = niceScale(Math.min(0, ...values), Math.max(0, ...values));
  const lo = ticks[0]!, hi = ticks[ticks.length - 1]!;
  const plot = frame.height - frame.top - frame.bottom;
  const y = (v: number) => round(frame.top + plot - ((v - lo) / (hi - lo)) * plot);
  return { y, ticks: ticks.map((value) => ({ value, at: y(value), label: label(value) })) };
}

function xAt(frame: ChartFrame, count: number): (i: number) => number {
  const plot = frame.width - frame.left - frame.right;
  return (i) => round(frame.left + (count <= 1 ? plot / 2 : (i / (count - 1)) * plot));
}

/** A line through the points that have a value; a missing value breaks it (no line drawn across a gap). */
export function brokenLine(points: readonly { x: number; y: number | null }[]): string {
  let path = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null) { pen = false; continue; }
    path += `${path === '' ? '' : ' '}${pen ? 'L' : 'M'}${p.x},${p.y}`;
    pen = true;
  }
  return path;
}

export const TREND_SERIES = ['dso', 'dpo', 'dio', 'ccc'] as const;
export type TrendSeries = (typeof TREND_SERIES)[number];
export type TrendPoint = { endOn: string } & Record<TrendSeries, number | null>;

export interface TrendGeometry {
  frame: ChartFrame;
  yTicks: Tick[];
  xTicks: Tick[];
  /** The zero line's y (a cycle can go below it). */
  zeroY: number;
  paths: Record<TrendSeries, string>;
  /** The points with a value, for markers. */
  markers: Record<TrendSeries, { x: number; y: number; endOn: string; value: number }[]>;
}

const monthLabel = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });
const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const axisNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A month end as an axis label ("Mar 26"). */
export function monthEndLabel(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : monthLabel.format(date);
}

export function trendGeometry(points: readonly TrendPoint[], frame: ChartFrame = TREND_FRAME): TrendGeometry {
  const values = points.flatMap((p) => TREND_SERIES.map((s) => p[s]).filter((v): v is number => v !== null));
  const { y, ticks } = yScale(values, frame, (v) => axisNumber.format(v));
  const x = xAt(frame, points.length);
  const step = Math.max(1, Math.ceil(points.length / 8));
  const series = (s: TrendSeries) => points.map((p, i) => ({ x: x(i), y: p[s] === null ? null : y(p[s]), endOn: p.endOn, value: p[s] }));
  const paths = {} as Record<TrendSeries, string>;
  const markers = {} as TrendGeometry['markers'];
  for (const s of TREND_SERIES) {
    const line = series(s);
    paths[s] = brokenLine(line);
    markers[s] = line.flatMap((p) => (p.y === null || p.value === null ? [] : [{ x: p.x, y: p.y, endOn: p.endOn, value: p.value }]));
  }
  return {
    frame, yTicks: ticks, zeroY: y(0), paths, markers,
    xTicks: points.flatMap((p, i) => (i % step === 0 || i === points.length - 1 ? [{ value: i, at: x(i), label: monthEndLabel(p.endOn) }] : [])),
  };
}

export interface CashWeekPoint { weekStart: string; closingMinor: number; closingLowMinor: number; closingHighMinor: number }

export interface CashGeometry {
  frame: ChartFrame;
  yTicks: Tick[];
  xTicks: Tick[];
  zeroY: number;
  closingPath: string;
  /** The band from the low to the high closing, a closed area. */
  bandPath: string;
  points: { x: number; y: number; weekStart: string }[];
}

/** The weekly closing cash with its band; `money` labels the axis (the caller knows the currency). */
export function cashGeometry(weeks: readonly CashWeekPoint[], money: (minor: number) => string, frame: ChartFrame = CASH_FRAME): CashGeometry {
  const values = weeks.flatMap((w) => [w.closingMinor, w.closingLowMinor, w.closingHighMinor]);
  const { y, ticks } = yScale(values, frame, money);
  const x = xAt(frame, weeks.length);
  const points = weeks.map((w, i) => ({ x: x(i), y: y(w.closingMinor), weekStart: w.weekStart }));
  const upper = weeks.map((w, i) => `${x(i)},${y(Math.max(w.closingHighMinor, w.closingLowMinor))}`);
  const lower = weeks.map((w, i) => `${x(i)},${y(Math.min(w.closingHighMinor, w.closingLowMinor))}`).reverse();
  const step = Math.max(1, Math.ceil(weeks.length / 7));
  return {
    frame, yTicks: ticks, zeroY: y(0), points,
    closingPath: brokenLine(points),
    bandPath: weeks.length === 0 ? '' : `M${[...upper, ...lower].join(' L')} Z`,
    xTicks: weeks.flatMap((w, i) => (i % step === 0 || i === weeks.length - 1 ? [{ value: i, at: x(i), label: dayLabel.format(new Date(`${w.weekStart}T00:00:00Z`)) }] : [])),
  };
}

export interface BarSpan { x: number; width: number }

/**
 * Horizontal bars on one scale: the zero at `x0`, positive values to its right, negative ones
 * (credit notes) to its left, the largest magnitude filling the track.
 */
export function barSpans(values: readonly number[], track: number): { zeroX: number; bars: BarSpan[] } {
  const most = Math.max(0, ...values), least = Math.min(0, ...values);
  const range = most - least;
  if (range === 0) return { zeroX: 0, bars: values.map(() => ({ x: 0, width: 0 })) };
  const zeroX = round((-least / range) * track);
  return {
    zeroX,
    bars: values.map((v) => {
      const w = round((Math.abs(v) / range) * track);
      return { x: v >= 0 ? zeroX : round(zeroX - w), width: w };
    }),
  };
}
