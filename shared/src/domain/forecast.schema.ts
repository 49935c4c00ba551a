import { z } from 'zod';

/** One forecast week: its first day (ISO date), the point forecast and the 95% interval. */
export const forecastPointSchema = z.object({
  period: z.string(),
  yhat: z.number(),
  lo95: z.number(),
  hi95: z.number(),
});
export type ForecastPoint = z.infer<typeof forecastPointSchema>;

/** One week of demand as the forecast saw it: stock-outs censor demand, promotions lift it. */
export const demandHistoryPointSchema = z.object({
  period: z.string(),
  quantity: z.number(),
  stockout: z.boolean(),
  promo: z.boolean(),
});
export type DemandHistoryPoint = z.infer<typeof demandHistoryPointSchema>;

/** Syntetos–Boylan classes: how regular and how variable an item's demand is. */
export const demandClassSchema = z.enum(['smooth', 'erratic', 'intermittent', 'lumpy']);
export type DemandClass = z.infer<typeof demandClassSchema>;

/** Backtest accuracy: MASE (scaled by the in-sample naive error), bias as mean error ÷ mean demand. */
export const forecastAccuracySchema = z.object({
  mase: z.number().nullable(),
  smape: z.number().nullable(),
  bias: z.number().nullable(),
});
export type ForecastAccuracy = z.infer<typeof forecastAccuracySchema>;

/**
 * The replicated demand forecast of one item at one site (entity `demand_forecast`, id
 * `<siteId>|<itemId>`, in the site's scope): enough for the Forecasts screen to work offline.
 */
export const demandForecastSchema = z.object({
  siteId: z.string(),
  itemId: z.string(),
  runId: z.string(),
  generatedAt: z.string(),
  history: z.array(demandHistoryPointSchema),
  points: z.array(forecastPointSchema),
  /** Each model's share of the ensemble, summing to 1. */
  weights: z.record(z.string(), z.number()),
  accuracy: forecastAccuracySchema,
  demandClass: demandClassSchema,
});
export type DemandForecast = z.infer<typeof demandForecastSchema>;

export function demandForecastId(siteId: string, itemId: string): string {
  return `${siteId}|${itemId}`;
}
