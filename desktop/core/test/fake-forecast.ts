import type { DemandForecast } from '@capliquify/shared';

/** Mondays from 2025-01-06 on, as the forecasts' weeks are labelled. */
function monday(week: number): string {
  return new Date(Date.UTC(2025, 0, 6 + 7 * week)).toISOString().slice(0, 10);
}

/**
 * A `demand_forecast` document: 20 weeks of history (a stock-out in week 5, a promotion in week 9)
 * and 13 forecast weeks at `level` per week with a 95% interval of ±1.96 × `sigma`.
 */
export function makeForecast(siteId: string, itemId: string, over: Partial<DemandForecast> & { level?: number; sigma?: number } = {}): DemandForecast {
  const { level = 10, sigma = 2, ...rest } = over;
  const history = Array.from({ length: 20 }, (_, i) => ({
    period: monday(i), quantity: i === 5 ? 0 : i === 9 ? level * 2 : level, stockout: i === 5, promo: i === 9,
  }));
  const points = Array.from({ length: 13 }, (_, i) => ({
    period: monday(20 + i), yhat: level, lo95: Math.max(0, level - 1.96 * sigma), hi95: level + 1.96 * sigma,
  }));
  return {
    siteId, itemId, runId: 'run-1', generatedAt: '2025-05-26T02:00:00.000Z', history, points,
    weights: { ets: 0.5, theta: 0.3, naive: 0.2 }, accuracy: { mase: 0.8, smape: 0.2, bias: 0.05 }, demandClass: 'smooth',
    ...rest,
  };
}
