import type { LocalModel } from '../model.js';
import { forecastProphet } from '../prophet/prophet-forecaster.js';

/**
 * A Prophet-style additive model (changepoint trend, Fourier seasonality, holiday and promotion
 * regressors from the context), fitted by MAP on the last 156 observations.
 */
export const prophetModel: LocalModel = {
  name: 'prophet',
  forecast: (y, horizon, ctx) => forecastProphet(y, horizon, ctx),
};
