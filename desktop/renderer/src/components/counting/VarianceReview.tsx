import { useState } from 'react';
import { filterVarianceRows, type VarianceFilter, type VarianceStatusFilter } from '../../counting/variance-filter';
import { formatDateTime, formatMoney, formatQuantity, formatSignedQuantity } from '../../format';
import type { SessionView, VarianceRowView } from '../../rpc/local-types';
import { ROW_STATUS_LABELS, RowStatusBadge } from './StatusBadge';

export const rowKey = (r: { locationId: string; itemId: string }) => `${r.locationId}|${r.itemId}`;

interface VarianceReviewProps {
  view: SessionView;
  /** Checkboxes to choose rows for a recount (a submitted session). */
  selected?: ReadonlySet<string>;
  onSelectedChange?(next: Set<string>): void;
  /** A blind session still being counted: counters must not see what is expected. */
  hideExpected: boolean;
}

const PAGE = 200;
const STATUS_OPTIONS: { value: VarianceStatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'over_tolerance', label: 'Over tolerance' },
  ...(Object.entries(ROW_STATUS_LABELS) as [VarianceStatusFilter, string][]).map(([value, label]) => ({ value, label })),
];

/** The variance per location and item, largest value first, with filters, totals and unknown barcodes. */
export function VarianceReview({ view, selected, onSelectedChange, hideExpected }: VarianceReviewProps) {
  const [filter, setFilter] = useState<VarianceFilter>({ status: 'all', locationId: '', text: '' });
  const [shown, setShown] = useState(PAGE);
  const { session, variance, locations } = view;
  const rows = filterVarianceRows(variance.rows, filter);
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  const money = (minor: number) => formatMoney(minor, session.currency);
  const selectable = selected !== undefined && onSelectedChange !== undefined;
  const toggle = (row: VarianceRowView) => {
    if (!selectable) return;
    const next = new Set(selected);
    if (!next.delete(rowKey(row))) next.add(rowKey(row));
    onSelectedChange(next);
  };
  const { totals } = variance;

  return (
    <section className="variance-review" aria-labelledby="variance-heading">
      <h2 id="variance-heading">Variance</h2>
      <dl className="totals" aria-label="Totals">
        <div><dt>Lines</dt><dd data-testid="total-lines">{formatQuantity(totals.lines)}</dd></div>
        <div><dt>Counted rows</dt><dd data-testid="total-counted">{formatQuantity(totals.countedRows)} of {formatQuantity(totals.rows)}</dd></div>
        <div><dt>Over tolerance</dt><dd data-testid="total-over">{formatQuantity(totals.overTolerance)}</dd></div>
        {!hideExpected && <div><dt>Total |value|</dt><dd>{money(totals.absValueMinor)}</dd></div>}
        {!hideExpected && <div><dt>Net value</dt><dd>{money(totals.netValueMinor)}</dd></div>}
        <div><dt>Unknown barcodes</dt><dd data-testid="total-unknown">{formatQuantity(totals.unknownLines)}</dd></div>
      </dl>
      <p className="muted">Rows nobody counted count as 0 when the session is approved (full-count rule), so they need a recount when stock was expected.</p>
      <div className="toolbar filters">
        <label>Status
          <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as VarianceStatusFilter })}>
            {STATUS_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </label>
        <label>Location
          <select value={filter.locationId} onChange={(e) => setFilter({ ...filter, locationId: e.target.value })}>
            <option value="">All locations</option>
            {locations.map((l) => <option key={l.id} value={l.id}>{l.code} · {l.name}</option>)}
          </select>
        </label>
        <label>Find
          <input type="search" className="search-input" placeholder="SKU, item or location" value={filter.text}
            onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
        </label>
        <span className="result-count" aria-live="polite">{formatQuantity(rows.length)} {rows.length === 1 ? 'row' : 'rows'}</span>
      </div>
      {rows.length === 0 ? (
        <div className="empty-state"><p className="empty-title">{variance.rows.length === 0 ? 'Nothing expected or counted yet.' : 'No rows match these filters.'}</p></div>
      ) : (
        <table className="item-table variance-table">
          <caption className="visually-hidden">Variance by location and item</caption>
          <thead>
            <tr>
              {selectable && <th scope="col"><span className="visually-hidden">Recount</span></th>}
              <th scope="col">Location</th>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              {!hideExpected && <th scope="col" className="numeric">Expected</th>}
              <th scope="col" className="numeric">Counted</th>
              {!hideExpected && <th scope="col" className="numeric">Variance</th>}
              {!hideExpected && <th scope="col" className="numeric">Value</th>}
              <th scope="col">Status</th>
              <th scope="col">Counted by</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((r) => (
              <tr key={rowKey(r)} data-row={rowKey(r)} className={selected?.has(rowKey(r)) ? 'selected' : undefined}>
                {selectable && (
                  <td>
                    <input type="checkbox" className="big-check" checked={selected.has(rowKey(r))} onChange={() => toggle(r)}
                      aria-label={`Recount ${r.sku ?? r.itemId} at ${r.locationCode ?? r.locationId}`} />
                  </td>
                )}
                <td>{r.locationCode ?? codes.get(r.locationId) ?? r.locationId}</td>
                <td className="mono">{r.sku ?? r.itemId}</td>
                <td>{r.itemName ?? ''}</td>
                {!hideExpected && <td className="numeric" data-value={r.expectedAtCount}>{formatQuantity(r.expectedAtCount)}</td>}
                <td className="numeric" data-value={r.counted ?? ''}>{r.counted === null ? '–' : formatQuantity(r.counted)}{r.round > 1 && <span className="muted"> (round {r.round})</span>}</td>
                {!hideExpected && <td className="numeric" data-value={r.varianceQty}>{formatSignedQuantity(r.varianceQty)}</td>}
                {!hideExpected && <td className="numeric" data-value={r.valueMinor}>{money(r.valueMinor)}</td>}
                <td><RowStatusBadge row={r} /></td>
                <td>{r.counters.join(', ')}{r.countedAt && <span className="muted"> · {formatDateTime(r.countedAt)}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown && (
        <button type="button" className="button load-more" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({formatQuantity(rows.length - shown)} more)
        </button>
      )}
      {variance.unknown.length > 0 && (
        <>
          <h3>Unknown barcodes</h3>
          <p className="muted">Scans that matched no item: kept for review, never posted to stock.</p>
          <table className="item-table">
            <caption className="visually-hidden">Unknown barcodes</caption>
            <thead>
              <tr><th scope="col">Location</th><th scope="col">Barcode</th><th scope="col" className="numeric">Quantity</th><th scope="col" className="numeric">Scans</th><th scope="col">Counted by</th></tr>
            </thead>
            <tbody>
              {variance.unknown.map((u) => (
                <tr key={`${u.locationId}|${u.barcode}`}>
                  <td>{codes.get(u.locationId) ?? u.locationId}</td>
                  <td className="mono">{u.barcode}</td>
                  <td className="numeric">{formatQuantity(u.quantity)}</td>
                  <td className="numeric">{formatQuantity(u.lineCount)}</td>
                  <td>{u.counters.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
