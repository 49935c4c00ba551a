import { useCallback, useState } from 'react';
import { formatDateTime } from '../../format';
import { useAdminList } from '../../hooks/use-admin-list';
import type { JobProgressView } from '../../hooks/use-job-events';
import { useLocalClient } from '../../rpc/local-client-context';
import { errorMessage } from '../../rpc/local-types';
import { RunningJobs } from './JobProgress';

type Pending = { id: string; action: 'retry' | 'discard' } | null;

/** Dead letters (jobs that will not retry by themselves) with Retry and Discard, and live progress. */
export function JobsPanel({ jobs }: { jobs: Map<string, JobProgressView> }) {
  const client = useLocalClient();
  const load = useCallback(() => client.admin.deadLetters.query(), [client]);
  const letters = useAdminList(load);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (!pending) return;
    try {
      if (pending.action === 'retry') await client.admin.retry.mutate({ deadLetterId: pending.id });
      else await client.admin.discard.mutate({ deadLetterId: pending.id });
      setNotice(pending.action === 'retry' ? 'Queued again: the job runs once more with the same input.' : 'Discarded: the job will not run; the letter is kept for the record.');
      setError(null);
    } catch (cause) {
      setError(errorMessage(cause));
    }
    setPending(null);
    await letters.reload();
  };

  return (
    <>
      <RunningJobs jobs={jobs} />
      <section aria-labelledby="dead-letters">
        <div className="toolbar">
          <h2 id="dead-letters">Dead letters</h2>
          <button type="button" className="button button-quiet" onClick={() => void letters.reload()}>Refresh</button>
        </div>
        {notice && <p role="status">{notice}</p>}
        {(letters.error ?? error) && <p className="inline-error" role="alert">{letters.error ?? error}</p>}
        {letters.rows?.length === 0 && <div className="empty-state"><p className="empty-title">No dead letters.</p><p>A job that fails every attempt lands here with its reason, to retry or discard.</p></div>}
        {letters.rows && letters.rows.length > 0 && (
          <table className="item-table" aria-label="Dead letters">
            <thead><tr><th>Job</th><th>Failed</th><th className="numeric">Attempts</th><th>Reason</th><th>Tenant</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {letters.rows.map((l) => (
                <tr key={l.id}>
                  <td>{l.job}</td><td>{formatDateTime(l.failedAt)}</td><td className="numeric">{l.attempts}</td><td>{l.error}</td><td>{l.tenantId ?? '—'}</td>
                  <td>
                    {pending?.id === l.id ? (
                      <span role="group" aria-label="Confirm">
                        <span>{pending.action === 'retry' ? `Retry ${l.job}?` : `Discard ${l.job}?`} </span>
                        <button type="button" className="button" autoFocus onClick={() => void confirm()}>Yes, {pending.action}</button>
                        <button type="button" className="button button-quiet" onClick={() => setPending(null)}>Cancel</button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="button" onClick={() => setPending({ id: l.id, action: 'retry' })}>Retry</button>
                        <button type="button" className="button button-quiet" onClick={() => setPending({ id: l.id, action: 'discard' })}>Discard</button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
