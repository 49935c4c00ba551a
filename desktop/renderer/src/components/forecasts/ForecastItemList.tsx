import { useEffect, useState, type KeyboardEvent } from 'react';
import { formatQuantity } from '../../format';
import { describeMase, formatEstimate } from '../../forecasts/forecast-text';
import type { ForecastListRow, ForecastListState, ForecastOrder } from '../../hooks/use-forecast-list';

export const ORDERS: { id: string; label: string; order: ForecastOrder }[] = [
  { id: 'sku', label: 'SKU', order: { sort: 'sku', direction: 'asc' } },
  { id: 'worst', label: 'Least accurate first', order: { sort: 'accuracy', direction: 'desc' } },
  { id: 'best', label: 'Most accurate first', order: { sort: 'accuracy', direction: 'asc' } },
  { id: 'volume', label: 'Highest volume first', order: { sort: 'volume', direction: 'desc' } },
];

interface ForecastItemListProps {
  text: string;
  onText(text: string): void;
  orderId: string;
  onOrder(id: string): void;
  state: ForecastListState;
  /** The query the debounced search has caught up with (Enter waits for it). */
  upToDate: boolean;
  chosen: ForecastListRow | null;
  onChoose(row: ForecastListRow): void;
}

const optionId = (row: ForecastListRow) => `forecast-option-${row.siteId}-${row.itemId}`.replace(/[^\w-]/g, '_');

/**
 * The items with a forecast, as a combobox: typing filters, ↑/↓ move through the matches, Enter
 * opens the highlighted one (or the first), and a click or tap opens any.
 */
export function ForecastItemList({ text, onText, orderId, onOrder, state, upToDate, chosen, onChoose }: ForecastItemListProps) {
  const rows = state.list?.rows ?? [];
  const [active, setActive] = useState(-1);
  const [enterPending, setEnterPending] = useState(false);

  // A new set of matches starts from the top again.
  useEffect(() => setActive(-1), [state.query]);

  // Enter typed faster than the search settles opens the first match once it has.
  useEffect(() => {
    if (!enterPending || !upToDate) return;
    setEnterPending(false);
    if (rows[0]) onChoose(rows[0]);
  }, [enterPending, upToDate, rows, onChoose]);

  useEffect(() => {
    const row = rows[active];
    if (row) document.getElementById(optionId(row))?.scrollIntoView({ block: 'nearest' });
  }, [active, rows]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (rows.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => Math.min(rows.length - 1, Math.max(0, (current < 0 && step < 0 ? rows.length : current) + step)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const row = rows[active];
      if (row && upToDate) onChoose(row);
      else setEnterPending(true);
    } else if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      onText('');
    }
  };

  const activeRow = rows[active];
  return (
    <div className="forecast-list">
      <div className="forecast-list-controls">
        <label htmlFor="forecast-search">Find an item</label>
        <input
          id="forecast-search"
          type="search"
          className="search-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="forecast-options"
          aria-autocomplete="list"
          aria-activedescendant={activeRow ? optionId(activeRow) : undefined}
          placeholder="SKU, name or category"
          autoComplete="off"
          value={text}
          onChange={(event) => onText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <label htmlFor="forecast-order">Order</label>
        <select id="forecast-order" value={orderId} onChange={(event) => onOrder(event.target.value)}>
          {ORDERS.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </select>
        <span className="result-count" aria-live="polite">
          {upToDate && state.list ? `${formatQuantity(state.list.total)} ${state.list.total === 1 ? 'item' : 'items'}` : 'Searching…'}
        </span>
      </div>
      {state.error && <p className="inline-error" role="alert">The forecasts could not be read: {state.error}</p>}
      {state.query !== null && rows.length === 0 && !state.loading && (
        <p className="empty-title">No forecast matches “{state.query}”.</p>
      )}
      <ul id="forecast-options" role="listbox" aria-label="Items with a forecast" className="forecast-options">
        {rows.map((row, index) => {
          const isChosen = chosen?.itemId === row.itemId && chosen.siteId === row.siteId;
          return (
            <li
              key={`${row.siteId}|${row.itemId}`}
              id={optionId(row)}
              role="option"
              aria-selected={index === active}
              className={`forecast-option${index === active ? ' active' : ''}${isChosen ? ' chosen' : ''}`}
              onClick={() => {
                setActive(index);
                onChoose(row);
              }}
            >
              <span className="forecast-option-title"><span className="mono">{row.sku}</span> · {row.name}</span>
              <span className="forecast-option-meta">
                MASE {describeMase(row.mase).value} · {formatEstimate(row.weeklyDemand)} {row.unit}/week
                {isChosen && <span className="forecast-option-open"> · shown</span>}
              </span>
            </li>
          );
        })}
      </ul>
      {state.list && rows.length < state.list.total && (
        <button type="button" className="button load-more" onClick={state.loadMore} disabled={state.loading}>
          Load more ({formatQuantity(state.list.total - rows.length)} more)
        </button>
      )}
    </div>
  );
}
