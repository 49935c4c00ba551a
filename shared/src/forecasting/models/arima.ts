import { forecastAutoArima } from '../arima/arima-forecaster.js';
import type { LocalModel } from '../model.js';

/**
 * Automatic (seasonal) ARIMA, Hyndman–Khandakar stepwise, with its own 95% interval. Fits the
 * last 520 observations; seasons longer than 24 are handled by classical decomposition.
 */
export const arimaModel: LocalModel = {
  name: 'arima',
  forecast: forecastAutoArima,
};
