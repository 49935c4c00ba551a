import { formatDateTime } from '../../format';
import type { LocalOutputs } from '../../rpc/local-types';

type Freshness = LocalOutputs['finance']['freshness'];

/** How fresh the figures are, and whether they come from this station's copy because it is offline. */
export function FreshnessBanner({ freshness }: { freshness: Freshness }) {
  const asOf = freshness.dataAsOf ? formatDateTime(freshness.dataAsOf) : 'unknown';
  const lastSync = freshness.lastSyncAt ? formatDateTime(freshness.lastSyncAt) : 'never';
  return (
    <div className={`finance-freshness${freshness.offline ? ' banner banner-warning' : ''}`} role="status" aria-label="Data freshness">
      {freshness.offline
        ? <><strong>Offline</strong>: figures from this station’s copy of the finance data, as of <strong>{asOf}</strong>. Last sync {lastSync}.</>
        : <>Finance data as of <strong>{asOf}</strong> · last sync {lastSync}</>}
      {freshness.unreadable > 0 && (
        <span className="inline-error"> {freshness.unreadable} replicated {freshness.unreadable === 1 ? 'row' : 'rows'} could not be read and {freshness.unreadable === 1 ? 'is' : 'are'} left out of every figure.</span>
      )}
    </div>
  );
}
