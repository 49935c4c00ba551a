import { useState } from 'react';
import type { ForecastPoint } from '@capliquify/shared';
import { computeReorderPoint, SERVICE_LEVELS, type ReorderPoint } from '@capliquify/shared/forecasting/reorder-point';
import { formatQuantity } from '../../format';
import { formatEstimate, formatServiceLevel, parseLeadTimeDays } from '../../forecasts/forecast-text';
import { errorMessage } from '../../rpc/local-types';

export interface ReorderItem { unit: string; leadTimeDays: number; reorderPoint: number; safetyStock: number; onHand: number }

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatEstimate(Math.abs(v))}`;

function suggest(points: readonly ForecastPoint[], leadTimeText: string, serviceLevel: number): { result: ReorderPoint } | { error: string } {
  const parsed = parseLeadTimeDays(leadTimeText);
  if (!parsed.ok) return { error: parsed.message };
  try {
    return { result: computeReorderPoint({ points, leadTimeDays: parsed.days, serviceLevel }) };
  } catch (cause) {
    return { error: errorMessage(cause) };
  }
}

/**
 * Safety stock and reorder point suggested from the forecast, the lead time and a chosen service
 * level, beside the item's current settings. The lead time can be changed to try another supplier
 * or route; nothing here is saved.
 */
export function ReorderPointPanel({ points, item }: { points: readonly ForecastPoint[]; item: ReorderItem }) {
  const [serviceLevel, setServiceLevel] = useState<number>(0.95);
  const [leadTimeText, setLeadTimeText] = useState(String(item.leadTimeDays));
  const outcome = suggest(points, leadTimeText, serviceLevel);
  const whatIf = parseLeadTimeDays(leadTimeText);
  const changed = !whatIf.ok || whatIf.days !== item.leadTimeDays;
  const unit = item.unit;

  return (
    <section className="forecast-panel reorder-panel" aria-labelledby="reorder-heading">
      <h3 id="reorder-heading">Reorder point</h3>
      <div className="form-row">
        <label>
          Service level
          <select value={serviceLevel} onChange={(event) => setServiceLevel(Number(event.target.value))} aria-describedby="service-level-hint">
            {SERVICE_LEVELS.map((level) => <option key={level} value={level}>{formatServiceLevel(level)}</option>)}
          </select>
        </label>
        <label>
          Lead time (days)
          <input
            type="text" inputMode="decimal" value={leadTimeText} onChange={(event) => setLeadTimeText(event.target.value)}
            aria-invalid={'error' in outcome} aria-describedby="lead-time-hint lead-time-error"
          />
        </label>
        {changed && (
          <button type="button" className="button button-quiet reorder-reset" onClick={() => setLeadTimeText(String(item.leadTimeDays))}>
            Back to the item’s {item.leadTimeDays} days
          </button>
        )}
      </div>
      <p id="service-level-hint" className="forecast-explain">
        The chance of not running out while an order is on its way. Higher levels hold more safety stock.
      </p>
      <p id="lead-time-hint" className="forecast-explain">
        The item’s lead time is {item.leadTimeDays} days. A different one here is a what-if: it is not saved.
      </p>
      {'error' in outcome ? <p id="lead-time-error" className="inline-error" role="alert">{outcome.error}</p> : (
        <>
          <table className="item-table compact reorder-table">
            <caption className="visually-hidden">Suggested and current stock settings</caption>
            <thead>
              <tr><th scope="col" /><th scope="col" className="numeric">Suggested</th><th scope="col" className="numeric">Current</th><th scope="col" className="numeric">Difference</th></tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Safety stock</th>
                <td className="numeric" data-testid="suggested-safety-stock">{formatEstimate(outcome.result.safetyStock)} {unit}</td>
                <td className="numeric">{formatQuantity(item.safetyStock)} {unit}</td>
                <td className="numeric">{signed(outcome.result.safetyStock - item.safetyStock)}</td>
              </tr>
              <tr>
                <th scope="row">Reorder point</th>
                <td className="numeric" data-testid="suggested-reorder-point">{formatEstimate(outcome.result.reorderPoint)} {unit}</td>
                <td className="numeric">{formatQuantity(item.reorderPoint)} {unit}</td>
                <td className="numeric">{signed(outcome.result.reorderPoint - item.reorderPoint)}</td>
              </tr>
            </tbody>
          </table>
          <p className="reorder-working">
            Demand over {formatQuantity(whatIf.ok ? whatIf.days : 0)} days: {formatEstimate(outcome.result.leadTimeDemand)} {unit},
            give or take {formatEstimate(outcome.result.leadTimeSigma)} (one standard deviation).
            Safety stock = {outcome.result.z.toFixed(3)} × {formatEstimate(outcome.result.leadTimeSigma)} for {formatServiceLevel(serviceLevel)}.
          </p>
          {outcome.result.weeksBeyondHorizon > 0 && (
            <p className="banner banner-warning">
              The lead time runs {formatEstimate(outcome.result.weeksBeyondHorizon)} weeks past the {points.length}-week forecast:
              its last week is assumed to repeat.
            </p>
          )}
          <p>
            On hand at this site: <strong>{formatQuantity(item.onHand)} {unit}</strong>
            {item.onHand <= outcome.result.reorderPoint ? ' — at or below the suggested reorder point: time to order.' : ' — above the suggested reorder point.'}
          </p>
        </>
      )}
    </section>
  );
}
