import { useCallback, useState } from 'react';
import { formatDateTime } from '../../format';
import { useAdminList } from '../../hooks/use-admin-list';
import { useLocalClient } from '../../rpc/local-client-context';
import { errorMessage, type LocalOutputs } from '../../rpc/local-types';
import { ConnectForms } from './ConnectForms';

type Integration = LocalOutputs['admin']['integrations'][number];

const STATUS_LABELS: Record<string, string> = { active: 'Active', paused: 'Paused', needs_reauth: 'Needs reconnecting' };
const SYNCABLE = new Set(['amazon', 'unleashed', 'xero']);

/** The organisation's connected accounts: how each is doing, pause/resume, test, sync now, connect another. */
export function IntegrationsPanel() {
  const client = useLocalClient();
  const load = useCallback(() => client.admin.integrations.query(), [client]);
  const list = useAdminList(load);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setNotice(done);
      setError(null);
    } catch (cause) {
      setError(errorMessage(cause));
    }
    await list.reload();
  };
  // A refused credential is an answer, not a failure of the screen: it shows as the test's outcome.
  const test = async (i: Integration) => {
    setTesting(i.id);
    try {
      const outcome = await client.admin.testConnection.mutate({ integrationId: i.id });
      if (outcome.ok) {
        setNotice(`${i.name}: the connection works.`);
        setError(null);
      } else {
        setNotice(null);
        setError(`${i.name}: the connection test failed (${outcome.failure}): ${outcome.message}`);
      }
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setTesting(null);
    }
    await list.reload();
  };
  const row = (i: Integration) => (
    <tr key={i.id}>
      <td>{i.vendor}</td>
      <td>{i.name}</td>
      <td><span className={`status-badge status-${i.status}`}>{STATUS_LABELS[i.status] ?? i.status}</span></td>
      <td>{i.lastSuccessAt ? formatDateTime(i.lastSuccessAt) : 'Never'}</td>
      <td>{i.lastError ? <>{i.lastError}{i.lastErrorAt && <span className="muted"> ({formatDateTime(i.lastErrorAt)})</span>}</> : '—'}</td>
      <td>{i.lastRuns.length === 0 ? 'None yet' : i.lastRuns.map((r) => `${r.stream}: ${r.status}${r.error ? ` (${r.error})` : ''}`).join('; ')}</td>
      <td>
        {i.status === 'paused'
          ? <button type="button" className="button" onClick={() => void act(() => client.admin.resume.mutate({ integrationId: i.id }), `${i.name} resumed.`)}>Resume</button>
          : <button type="button" className="button button-quiet" onClick={() => void act(() => client.admin.pause.mutate({ integrationId: i.id }), `${i.name} paused: its scheduled syncs stop until resumed.`)}>Pause</button>}
        <button type="button" className="button button-quiet" disabled={testing === i.id} onClick={() => void test(i)}>
          {testing === i.id ? 'Testing…' : 'Test connection'}
        </button>
        {SYNCABLE.has(i.vendor) && i.status === 'active' && (
          <button type="button" className="button button-quiet"
            onClick={() => void act(() => client.admin.syncNow.mutate({ vendor: i.vendor as 'amazon', integrationId: i.id }), `${i.name}: a sync was queued; its progress shows under Jobs.`)}>
            Sync now
          </button>
        )}
      </td>
    </tr>
  );

  return (
    <>
      {notice && <p role="status">{notice}</p>}
      {(list.error ?? error) && <p className="inline-error" role="alert">{list.error ?? error}</p>}
      {list.rows?.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">No integrations yet.</p>
          <p>Connect a Shopify store, Amazon or Unleashed with their keys below, or Connect Xero to sign in to Xero and allow CapLiquify.</p>
        </div>
      )}
      {list.rows && list.rows.length > 0 && (
        <table className="item-table" aria-label="Integrations">
          <thead><tr><th>Vendor</th><th>Name</th><th>Status</th><th>Last success</th><th>Last error</th><th>Recent runs</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{list.rows.map(row)}</tbody>
        </table>
      )}
      <ConnectForms onConnected={() => void list.reload()} />
    </>
  );
}
