import { useCallback, useState } from 'react';
import { ForecastDetail } from '../components/forecasts/ForecastDetail';
import { ForecastItemList, ORDERS } from '../components/forecasts/ForecastItemList';
import '../components/forecasts/forecasts.css';
import { formatDateTime } from '../format';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { useForecastList, type ForecastListRow } from '../hooks/use-forecast-list';
import { useSyncEngineState } from '../hooks/use-sync-engine';

/**
 * Demand forecasts per item from the station's replica, so they read the same with the network
 * down: the list, one item's chart, accuracy and model weights, and a reorder-point what-if.
 */
export function ForecastsScreen({ revision }: { revision: string | null }) {
  const [text, setText] = useState('');
  const [orderId, setOrderId] = useState(ORDERS[0]!.id);
  const [chosen, setChosen] = useState<ForecastListRow | null>(null);
  const q = useDebouncedValue(text.trim(), 200);
  const order = (ORDERS.find((o) => o.id === orderId) ?? ORDERS[0]!).order;
  const state = useForecastList(q, order, revision);
  const upToDate = state.query === text.trim() && !state.loading;
  const engine = useSyncEngineState();
  const offline = engine ? engine.unreachable || engine.status?.connection === 'offline' : false;
  const lastSyncAt = engine?.status?.lastSyncAt ?? null;
  const onChoose = useCallback((row: ForecastListRow) => setChosen(row), []);
  const list = state.list;

  return (
    <section className="forecasts-screen" aria-labelledby="section-heading">
      <h1 id="section-heading">Forecasts</h1>
      {list && list.forecastCount === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No forecasts on this station yet</p>
          <p>Forecasts appear after the nightly run: weekly demand per item for the next weeks, with how accurate past forecasts were.</p>
          <p>
            {offline
              ? 'This station is offline: they arrive with the first sync once the network is back.'
              : `Last sync: ${lastSyncAt ? formatDateTime(lastSyncAt) : 'never'}.`}
          </p>
        </div>
      ) : (
        <>
          <p className="forecast-source" role="status">
            {list?.generatedAt ? <>Forecasts from the run of <strong>{formatDateTime(list.generatedAt)}</strong></> : 'Reading forecasts…'}
            {offline && <> · <strong>Offline</strong>: showing this station’s copy</>}
          </p>
          <div className="forecasts-layout">
            <ForecastItemList
              text={text} onText={setText} orderId={orderId} onOrder={setOrderId}
              state={state} upToDate={upToDate} chosen={chosen} onChoose={onChoose}
            />
            {chosen
              ? <ForecastDetail siteId={chosen.siteId} itemId={chosen.itemId} revision={revision} />
              : <p className="muted forecast-hint">Choose an item to see its forecast: type to find it, ↑ and ↓ to move, Enter to open.</p>}
          </div>
        </>
      )}
    </section>
  );
}
