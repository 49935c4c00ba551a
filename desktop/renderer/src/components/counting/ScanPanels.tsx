import { formatQuantity, formatTime } from '../../format';
import type { SessionView } from '../../rpc/local-types';

export type FeedbackKind = 'ok' | 'unknown' | 'error' | 'info';

export interface Feedback {
  /** Rises with every answer, so the same answer twice flashes twice. */
  seq: number;
  kind: FeedbackKind;
  title: string;
  detail?: string;
}

export interface RecentScan {
  seq: number;
  at: string;
  kind: FeedbackKind;
  text: string;
  detail?: string;
  lineId?: string;
  undone?: boolean;
}

const PROMPT: Feedback = { seq: 0, kind: 'info', title: 'Ready', detail: 'Scan a location label, then the items in it.' };

/** The big answer to the last scan: green counted, amber unknown barcode (kept), red refused. */
export function ScanFeedback({ feedback }: { feedback: Feedback | null }) {
  const shown = feedback ?? PROMPT;
  return (
    <div key={shown.seq} className={`scan-feedback feedback-${shown.kind}`} data-testid="scan-feedback" data-kind={shown.kind} role="status" aria-live="assertive">
      <p className="feedback-title">{shown.title}</p>
      {shown.detail && <p className="feedback-detail">{shown.detail}</p>}
    </div>
  );
}

/** The latest scans of this visit, newest first. */
export function RecentScans({ scans }: { scans: readonly RecentScan[] }) {
  return (
    <section className="recent-scans" aria-labelledby="recent-scans-heading">
      <h2 id="recent-scans-heading">Last scans</h2>
      {scans.length === 0 ? <p className="muted">Nothing scanned yet on this visit.</p> : (
        <ol role="log" aria-label="Last scans" className="recent-list">
          {scans.map((s) => (
            <li key={s.seq} className={`recent-${s.kind}${s.undone ? ' recent-undone' : ''}`}>
              <span className="recent-time">{formatTime(s.at)}</span>
              <span className="recent-text">{s.text}{s.undone && ' (undone)'}</span>
              {s.detail && <span className="recent-detail">{s.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What has been counted at the current location by every station, and (not blind) what is expected. */
export function LocationRows({ view, locationId }: { view: SessionView; locationId: string }) {
  const blind = view.expectedHidden;
  const rows = view.variance.rows.filter((r) => r.locationId === locationId)
    .sort((a, b) => (a.sku ?? a.itemId).localeCompare(b.sku ?? b.itemId));
  const unknown = view.variance.unknown.filter((u) => u.locationId === locationId);
  return (
    <section className="location-rows" aria-labelledby="location-rows-heading">
      <h2 id="location-rows-heading">At this location</h2>
      {rows.length === 0 && unknown.length === 0 ? <p className="muted">Nothing counted here yet.</p> : (
        <table className="item-table compact">
          <caption className="visually-hidden">Counted at this location</caption>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              <th scope="col" className="numeric">Counted</th>
              {!blind && <th scope="col" className="numeric">Expected</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.itemId} data-row={`${r.locationId}|${r.itemId}`}>
                <td className="mono">{r.sku ?? r.itemId}</td>
                <td>{r.itemName ?? ''}</td>
                <td className="numeric" data-value={r.counted ?? 0}>{r.counted === null ? '–' : formatQuantity(r.counted)}</td>
                {!blind && <td className="numeric">{formatQuantity(r.expectedAtCount)}</td>}
              </tr>
            ))}
            {unknown.map((u) => (
              <tr key={`unknown-${u.barcode}`} className="row-unknown">
                <td className="mono">{u.barcode}</td>
                <td>Unknown barcode (flagged)</td>
                <td className="numeric">{formatQuantity(u.quantity)}</td>
                {!blind && <td className="numeric">–</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
