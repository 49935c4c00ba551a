import type { ForecastPoint } from '../domain/forecast.schema';
import { normalQuantile } from './normal-quantile';

/** The service levels a planner picks from: the chance of not running out during a lead time. */
export const SERVICE_LEVELS = [0.9, 0.95, 0.98, 0.99] as const;

// The forecasts' 95% intervals are read as yhat ± 1.96σ, the convention the models follow.
const Z_95 = 1.96;
const DAYS_PER_WEEK = 7;

export type WeeklyForecast = Pick<ForecastPoint, 'yhat' | 'lo95' | 'hi95'>;

export interface ReorderPointInput {
  /** The forecast's weeks in order, the first being the week that starts now. */
  points: readonly WeeklyForecast[];
  /** Days from ordering to receiving; may be fractional in a what-if. */
  leadTimeDays: number;
  /** Between 0.5 and 1 (exclusive): below one half the safety stock would be negative. */
  serviceLevel: number;
}

export interface ReorderPoint {
  leadTimeWeeks: number;
  /** Expected demand over the lead time. */
  leadTimeDemand: number;
  /** Standard deviation of demand over the lead time. */
  leadTimeSigma: number;
  /** z of the service level (its standard normal quantile). */
  z: number;
  /** z × σ over the lead time. */
  safetyStock: number;
  /** Lead-time demand + safety stock: order when the stock position falls to this. */
  reorderPoint: number;
  /** Weeks of the lead time past the forecast's horizon, covered by repeating its last week (0 if none). */
  weeksBeyondHorizon: number;
}

/** σ of one week's demand from its 95% interval; an inverted interval counts as no spread. */
export function weeklySigma(point: WeeklyForecast): number {
  return Math.max(0, point.hi95 - point.lo95) / (2 * Z_95);
}

/**
 * Safety stock and reorder point from a weekly forecast. Demand over the lead time is the sum of
 * the weeks it covers, a last partial week pro-rated; its variance is the sum of the weeks'
 * variances (weeks independent), a partial week contributing its fraction (as days of independent
 * demand would). A lead time past the horizon repeats the last week. A negative point forecast
 * counts as no demand. Throws a RangeError for an empty forecast, a negative or non-finite lead
 * time, non-finite points, or a service level outside [0.5, 1).
 */
export function computeReorderPoint({ points, leadTimeDays, serviceLevel }: ReorderPointInput): ReorderPoint {
  validate(points, leadTimeDays, serviceLevel);
  const leadTimeWeeks = leadTimeDays / DAYS_PER_WEEK;
  const wholeWeeks = Math.floor(leadTimeWeeks);
  const fraction = leadTimeWeeks - wholeWeeks;
  const last = points.length - 1;

  let demand = 0;
  let variance = 0;
  for (let week = 0; week < wholeWeeks; week++) {
    const point = points[Math.min(week, last)]!;
    demand += Math.max(0, point.yhat);
    variance += weeklySigma(point) ** 2;
  }
  if (fraction > 0) {
    const point = points[Math.min(wholeWeeks, last)]!;
    demand += fraction * Math.max(0, point.yhat);
    variance += fraction * weeklySigma(point) ** 2;
  }

  const z = normalQuantile(serviceLevel);
  const leadTimeSigma = Math.sqrt(variance);
  const safetyStock = z * leadTimeSigma;
  return {
    leadTimeWeeks, leadTimeDemand: demand, leadTimeSigma, z, safetyStock,
    reorderPoint: demand + safetyStock,
    weeksBeyondHorizon: Math.max(0, leadTimeWeeks - points.length),
  };
}

function validate(points: readonly WeeklyForecast[], leadTimeDays: number, serviceLevel: number): void {
  if (points.length === 0) throw new RangeError('The forecast has no weeks to compute a reorder point from');
  if (!Number.isFinite(leadTimeDays) || leadTimeDays < 0) {
    throw new RangeError(`The lead time must be zero or more days, not ${leadTimeDays}`);
  }
  if (!(serviceLevel >= 0.5 && serviceLevel < 1)) {
    throw new RangeError(`The service level must be at least 0.5 and below 1, not ${serviceLevel}`);
  }
  const bad = points.findIndex((p) => !Number.isFinite(p.yhat) || !Number.isFinite(p.lo95) || !Number.isFinite(p.hi95));
  if (bad >= 0) throw new RangeError(`Forecast week ${bad + 1} has a value that is not a finite number`);
}
