import { useEffect, useState } from 'react';
import { formatDateTime, formatQuantity } from '../format';
import type { SyncEngineState } from '../hooks/use-sync-engine';
import { useLocalClient } from '../rpc/local-client-context';

/** Sync at a glance: connection, queued work, last sync, rejected commands and what to do next. */
export function SyncPanel({ state }: { state: SyncEngineState }) {
  const client = useLocalClient();
  const { status, syncing, syncNow } = state;
  const [rejections, setRejections] = useState<Awaited<ReturnType<typeof client.sync.rejections.query>>>([]);
  const unseen = status?.unseenRejections ?? 0;

  useEffect(() => {
    void client.sync.rejections.query().then(setRejections, () => setRejections([]));
  }, [client, unseen, status?.confirmedMutationId]);

  if (!status) return null;
  const exportUnsent = async () => {
    const exported = await client.outbox.export.query();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' }));
    link.download = `unsent-work-${exported.deviceId ?? 'device'}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section className="sync-panel" aria-labelledby="sync-panel-heading">
      <h2 id="sync-panel-heading">Sync</h2>
      {status.updateRequired && (
        // The engine's message says which side is old (this app, or the server) and what to do.
        <p className="banner banner-warning" role="alert">{status.lastError ?? 'Update required. Syncing has stopped; your unsent work is kept.'}</p>
      )}
      {status.revoked && <p className="banner banner-warning" role="alert">{status.lastError}</p>}
      <dl className="sync-facts">
        <dt>Connection</dt><dd data-testid="sync-connection">{status.connection === 'offline' ? 'Offline' : 'Online'}{status.live ? ' · live' : ''}</dd>
        <dt>Pending commands</dt><dd data-testid="sync-pending">{formatQuantity(status.pendingCount)}</dd>
        <dt>Last sync</dt><dd>{status.lastSyncAt ? formatDateTime(status.lastSyncAt) : 'never'}</dd>
      </dl>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void syncNow()} disabled={syncing}>{syncing ? 'Syncing…' : 'Sync now'}</button>
        {status.pendingCount > 0 && (status.revoked || status.updateRequired || status.lastError !== null) && (
          <button type="button" className="button" onClick={() => void exportUnsent()}>Export unsent work</button>
        )}
      </div>
      {rejections.length > 0 && (
        <>
          <h3>Rejected commands</h3>
          <ul className="rejections">
            {rejections.map((r) => (
              <li key={r.mutationId} className={r.seen ? undefined : 'rejection-new'}>
                <strong>{r.name}</strong> #{r.mutationId}: {r.reason} <span className="muted">({r.code}, {formatDateTime(r.receivedAt)})</span>
              </li>
            ))}
          </ul>
          {unseen > 0 && <button type="button" className="button button-quiet" onClick={() => void client.sync.markRejectionsSeen.mutate().then(state.refresh)}>Mark as read</button>}
        </>
      )}
    </section>
  );
}
