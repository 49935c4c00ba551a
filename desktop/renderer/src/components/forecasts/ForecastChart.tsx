import { useId } from 'react';
import type { DemandForecast } from '@capliquify/shared';
import { chartGeometry } from '../../forecasts/chart-geometry';
import { formatEstimate } from '../../forecasts/forecast-text';
import { formatQuantity } from '../../format';
import { HatchPattern } from '../HatchPattern';

// Markers differ in shape as well as colour (a cross for a stock-out, a triangle for a promotion,
// a dashed line for the forecast, a hatched band for its interval), so the chart reads in grey.

function Cross({ x, y }: { x: number; y: number }) {
  return <path className="chart-stockout" d={`M${x - 5},${y - 5} L${x + 5},${y + 5} M${x - 5},${y + 5} L${x + 5},${y - 5}`} />;
}

function Triangle({ x, y }: { x: number; y: number }) {
  return <path className="chart-promo" d={`M${x},${y - 12} L${x + 6},${y - 2} L${x - 6},${y - 2} Z`} />;
}

/** Weekly demand that happened, the forecast after it and its 95% band, with axes, legend and the numbers as a table. */
export function ForecastChart({ forecast, unit, sku }: { forecast: DemandForecast; unit: string; sku: string }) {
  // useId's characters are not all valid in a url(#…) reference.
  const id = `chart${useId().replace(/[^\w-]/g, '')}`;
  const g = chartGeometry(forecast.history, forecast.points);
  const { frame } = g;
  const plotBottom = frame.height - frame.bottom;
  const stockouts = forecast.history.filter((h) => h.stockout).length;
  const promos = forecast.history.filter((h) => h.promo).length;
  const mean = forecast.points.length === 0 ? 0 : forecast.points.reduce((s, p) => s + p.yhat, 0) / forecast.points.length;
  const summary = `${forecast.history.length} weeks of demand for ${sku} (${stockouts} with a stock-out, ${promos} with a promotion), `
    + `then ${forecast.points.length} weeks forecast at about ${formatEstimate(mean)} ${unit} a week, with a 95% interval.`;

  return (
    <figure className="forecast-chart">
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="forecast-svg">
        <title id={`${id}-title`}>Demand and forecast for {sku}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <HatchPattern id={`${id}-hatch`} />
        <g aria-hidden="true">
          {g.yTicks.map((t) => (
            <g key={t.value}>
              <line x1={frame.left} x2={frame.width - frame.right} y1={t.y} y2={t.y} className="chart-grid" />
              <text x={frame.left - 8} y={t.y} className="chart-axis-label" textAnchor="end" dominantBaseline="middle">{t.label}</text>
            </g>
          ))}
          {g.xTicks.map((t) => (
            <text key={`${t.x}-${t.label}`} x={t.x} y={plotBottom + 18} className="chart-axis-label" textAnchor="middle">{t.label}</text>
          ))}
          <text x={12} y={frame.top + (plotBottom - frame.top) / 2} className="chart-axis-title" textAnchor="middle"
            transform={`rotate(-90 12 ${frame.top + (plotBottom - frame.top) / 2})`}>{unit} per week</text>
          {g.bandPath && <path d={g.bandPath} className="chart-band" fill={`url(#${id}-hatch)`} />}
          {g.splitX !== null && (
            <>
              <line x1={g.splitX} x2={g.splitX} y1={frame.top} y2={plotBottom} className="chart-split" />
              <text x={g.splitX + 4} y={frame.top + 10} className="chart-axis-label">Forecast →</text>
            </>
          )}
          <path d={g.historyPath} className="chart-history" />
          <path d={g.forecastPath} className="chart-forecast" />
          {g.stockouts.map((m) => <Cross key={m.period} x={m.x} y={m.y} />)}
          {g.promos.map((m) => <Triangle key={m.period} x={m.x} y={m.y} />)}
        </g>
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label="Legend">
          <li><svg width="28" height="12" aria-hidden="true"><line x1="0" y1="6" x2="28" y2="6" className="chart-history" /></svg> Demand (weekly)</li>
          <li><svg width="28" height="12" aria-hidden="true"><line x1="0" y1="6" x2="28" y2="6" className="chart-forecast" /></svg> Forecast</li>
          <li><svg width="28" height="12" aria-hidden="true"><rect x="0" y="0" width="28" height="12" className="chart-band" fill={`url(#${id}-hatch)`} /></svg> 95% interval</li>
          <li><svg width="14" height="14" aria-hidden="true"><Cross x={7} y={7} /></svg> Stock-out week (demand was cut short)</li>
          <li><svg width="14" height="14" aria-hidden="true"><Triangle x={7} y={13} /></svg> Promotion week</li>
        </ul>
      </figcaption>
      <details className="chart-table">
        <summary>The numbers behind the chart</summary>
        <table className="item-table compact">
          <caption className="visually-hidden">Weekly demand and forecast for {sku}</caption>
          <thead>
            <tr><th scope="col">Week of</th><th scope="col" className="numeric">Demand</th><th scope="col" className="numeric">Forecast</th><th scope="col" className="numeric">95% interval</th><th scope="col">Note</th></tr>
          </thead>
          <tbody>
            {forecast.history.map((h) => (
              <tr key={`h-${h.period}`}>
                <td>{h.period}</td>
                <td className="numeric">{formatQuantity(h.quantity)}</td><td /><td />
                <td>{[h.stockout && 'Stock-out', h.promo && 'Promotion'].filter(Boolean).join(', ')}</td>
              </tr>
            ))}
            {forecast.points.map((p) => (
              <tr key={`f-${p.period}`}>
                <td>{p.period}</td><td />
                <td className="numeric">{formatEstimate(p.yhat)}</td>
                <td className="numeric">{formatEstimate(p.lo95)} – {formatEstimate(p.hi95)}</td>
                <td>Forecast</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
