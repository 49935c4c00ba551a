import type { DemandForecast } from '@capliquify/shared';
import { describeBias, describeDemandClass, describeMase } from '../../forecasts/forecast-text';

/** How well this item's forecasts did in backtests, in numbers and in words. */
export function AccuracyPanel({ forecast }: { forecast: DemandForecast }) {
  const mase = describeMase(forecast.accuracy.mase);
  const bias = describeBias(forecast.accuracy.bias);
  return (
    <section className="forecast-panel" aria-labelledby="accuracy-heading">
      <h3 id="accuracy-heading">Accuracy in backtests</h3>
      <dl className="forecast-facts">
        <dt>MASE</dt>
        <dd>
          <strong data-testid="forecast-mase">{mase.value}</strong> · {mase.verdict}
          <p className="forecast-explain">Average error ÷ the error of a naive “same as last week” forecast. Below 1 is better than naive.</p>
        </dd>
        <dt>Bias</dt>
        <dd>
          <strong data-testid="forecast-bias">{bias.value}</strong> · {bias.verdict}
          <p className="forecast-explain">Average of forecast − actual, as a share of average demand. Near 0 is unbiased.</p>
        </dd>
        <dt>Demand</dt>
        <dd>{describeDemandClass(forecast.demandClass)}</dd>
      </dl>
    </section>
  );
}
