import { useEffect, useState } from 'react';
import { formatDateTime } from '../../format';
import { errorMessage, type LocalOutputs } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';
import { AccuracyPanel } from './AccuracyPanel';
import { ForecastChart } from './ForecastChart';
import { ModelWeights } from './ModelWeights';
import { ReorderPointPanel } from './ReorderPointPanel';

type Detail = LocalOutputs['forecasts']['get'];

/** One item's forecast: the chart, its accuracy, the models' weights and the reorder point. */
export function ForecastDetail({ siteId, itemId, revision }: { siteId: string; itemId: string; revision: string | null }) {
  const client = useLocalClient();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    client.forecasts.get.query({ siteId, itemId }).then(
      (found) => {
        if (cancelled) return;
        setDetail(found);
        setError(null);
      },
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, siteId, itemId, revision]);

  const current = detail && detail.item.id === itemId && detail.forecast.siteId === siteId ? detail : null;
  return (
    <article className="forecast-detail" aria-labelledby="forecast-detail-heading">
      <h2 id="forecast-detail-heading">{current ? `${current.item.sku} · ${current.item.name}` : 'Loading the forecast…'}</h2>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {current && (
        <>
          <p className="muted">
            {current.item.category} · forecast made {formatDateTime(current.forecast.generatedAt)} · weekly demand in {current.item.unit}
          </p>
          <ForecastChart forecast={current.forecast} unit={current.item.unit} sku={current.item.sku} />
          <div className="forecast-panels">
            <AccuracyPanel forecast={current.forecast} />
            <ModelWeights weights={current.forecast.weights} />
            {/* Keyed by item: a what-if lead time belongs to the item it was typed for. */}
            <ReorderPointPanel key={`${siteId}|${itemId}`} points={current.forecast.points} item={current.item} />
          </div>
        </>
      )}
    </article>
  );
}
