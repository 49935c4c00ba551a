import type { SyncEngineState } from '../hooks/use-sync-engine';
import { formatDateTime, formatQuantity } from '../format';

const LABELS = { online: 'Online', offline: 'Offline', syncing: 'Syncing…' } as const;

/** The header's one-line sync summary; the Sync panel below carries the details and "Sync now". */
export function SyncStatusBar({ status, unreachable, syncing }: SyncEngineState) {
  const connection = unreachable ? 'offline' : (status?.connection ?? 'offline');
  const busy = syncing || status?.connection === 'syncing';
  // Before enrolment the enrolment screen explains what to do; the header need not repeat it.
  const showError = status?.lastError && status.enrolled && !busy;

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
      </div>
      {showError && (
        <p className="sync-error" role="alert">
          {status.lastError}
          {status.nextRetryAt && ` Retrying at ${formatDateTime(status.nextRetryAt)}.`}
          {' '}Stock look-ups keep working from this station’s copy.
        </p>
      )}
    </div>
  );
}
