import type { SyncStatusState } from '../hooks/use-sync-status';
import { formatDateTime, formatQuantity } from '../format';

const LABELS = { online: 'Online', offline: 'Offline', syncing: 'Syncing…' } as const;

export function SyncStatusBar({ status, unreachable, refreshing, syncNow }: SyncStatusState) {
  const connection = unreachable ? 'offline' : (status?.connection ?? 'offline');
  const busy = refreshing || status?.connection === 'syncing';
  const progress = status?.progress;

  return (
    <div className="sync-bar">
      <div className="sync-status" role="status" aria-label="Sync status">
        <span className={`sync-dot sync-dot-${connection}`} aria-hidden="true" />
        <strong className="sync-state">{unreachable ? 'Local service not responding' : LABELS[connection]}</strong>
        <span>Last sync: {status?.lastSyncAt ? formatDateTime(status.lastSyncAt) : 'never'}</span>
        {status && (
          <span>
            {formatQuantity(status.counts.items)} items · {formatQuantity(status.counts.stockLevels)} stock rows
          </span>
        )}
        {progress && (
          <span>
            Downloading: {formatQuantity(progress.items)} items, {formatQuantity(progress.stockLevels)} stock rows
          </span>
        )}
      </div>
      <button type="button" className="button" onClick={() => void syncNow()} disabled={busy}>
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
      {status?.lastError && !busy && (
        <p className="sync-error" role="alert">
          {status.lastError}
          {status.nextRetryAt && ` Retrying at ${formatDateTime(status.nextRetryAt)}.`}
          {' '}Stock look-ups keep working from this station’s copy.
        </p>
      )}
    </div>
  );
}
