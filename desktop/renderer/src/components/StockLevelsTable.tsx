import { useEffect, useState } from 'react';
import type { LocationChoice } from '../../../core/sync-engine/typed-rows.repo';
import { formatQuantity } from '../format';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { errorMessage, type StockLevelRow } from '../rpc/local-types';
import { useLocalClient } from '../rpc/local-client-context';

const PAGE_SIZE = 100;

/** On-hand, allocated and available per site, location and item, from the replica (works offline). */
export function StockLevelsTable({ revision }: { revision: string | null }) {
  const client = useLocalClient();
  const [text, setText] = useState('');
  const [locationId, setLocationId] = useState('');
  const [locations, setLocations] = useState<LocationChoice[]>([]);
  const [rows, setRows] = useState<StockLevelRow[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const q = useDebouncedValue(text.trim(), 200);

  useEffect(() => {
    void client.commands.locations.query().then(setLocations, () => setLocations([]));
  }, [client, revision]);

  const page = (offset: number) => client.stock.levels.query({ q, ...(locationId ? { locationId } : {}), limit: PAGE_SIZE, offset });

  useEffect(() => {
    let cancelled = false;
    page(0).then(
      (answer) => {
        if (cancelled) return;
        setRows(answer.rows);
        setTotal(answer.total);
        setError(null);
      },
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, q, locationId, revision]);

  const loadMore = () => {
    page(rows.length).then((answer) => {
      setRows((current) => [...current, ...answer.rows]);
      setTotal(answer.total);
    }, (cause: unknown) => setError(errorMessage(cause)));
  };

  const siteCodes = new Map(locations.map((l) => [l.siteId, l.siteCode]));
  return (
    <div className="stock-levels">
      <div className="toolbar">
        <label htmlFor="levels-search">Find</label>
        <input id="levels-search" type="search" className="search-input" placeholder="SKU, name or location" autoComplete="off"
          value={text} onChange={(e) => setText(e.target.value)} />
        <label>Location
          <select value={locationId} onChange={(e) => setLocationId(e.target.value)}>
            <option value="">All locations</option>
            {locations.map((l) => <option key={l.id} value={l.id}>{l.siteCode} / {l.code} · {l.name}</option>)}
          </select>
        </label>
        <span className="result-count" aria-live="polite">{formatQuantity(total)} {total === 1 ? 'row' : 'rows'}</span>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {rows.length === 0 ? (
        <div className="empty-state"><p className="empty-title">{q || locationId ? 'No stock matches.' : 'No stock on this station yet. It arrives with the first sync.'}</p></div>
      ) : (
        <table className="item-table">
          <caption className="visually-hidden">Stock levels</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Location</th>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              <th scope="col" className="numeric">On hand</th>
              <th scope="col" className="numeric">Allocated</th>
              <th scope="col" className="numeric">Available</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.locationId}|${r.itemId}`} data-row={`${r.locationId}|${r.itemId}`}>
                <td>{siteCodes.get(r.siteId) ?? r.siteId}</td>
                <td>{r.locationCode}</td>
                <td className="mono">{r.sku}</td>
                <td>{r.itemName}</td>
                <td className="numeric" data-value={r.onHand}>{formatQuantity(r.onHand)}</td>
                <td className="numeric" data-value={r.allocated}>{formatQuantity(r.allocated)}</td>
                <td className="numeric" data-value={r.available}>{formatQuantity(r.available)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length < total && (
        <button type="button" className="button load-more" onClick={loadMore}>
          Load more ({formatQuantity(total - rows.length)} more)
        </button>
      )}
    </div>
  );
}
