import { formatShare, rankedWeights } from '../../forecasts/forecast-text';

/** Each model's share of the ensemble for this item, largest first, as bars with their percentage. */
export function ModelWeights({ weights }: { weights: Readonly<Record<string, number>> }) {
  const ranked = rankedWeights(weights);
  return (
    <section className="forecast-panel" aria-labelledby="weights-heading">
      <h3 id="weights-heading">Models’ weights</h3>
      <p className="forecast-explain">Chosen from how well each model forecast this item’s past weeks.</p>
      {ranked.length === 0 ? <p className="muted">No model weights were recorded.</p> : (
        <ul className="weight-bars" aria-label="Models’ weights">
          {ranked.map((w) => (
            <li key={w.name}>
              <span className="weight-name">{w.label}</span>
              {/* An SVG bar: the host's CSP allows no inline styles, and attributes are not styles. */}
              <svg className="weight-track" aria-hidden="true" height="12"><rect className="weight-fill" height="12" width={`${Math.max(0, Math.min(1, w.share)) * 100}%`} /></svg>
              <span className="weight-share">{formatShare(w.share)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
