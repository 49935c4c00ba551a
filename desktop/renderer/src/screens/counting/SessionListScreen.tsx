import { useEffect, useState } from 'react';
import { SessionStatusBadge } from '../../components/counting/StatusBadge';
import { GuardedButton } from '../../components/GuardedButton';
import { formatDateTime, formatQuantity } from '../../format';
import { navigate } from '../../hooks/use-hash-route';
import { errorMessage, type SessionStatus, type SessionSummary } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';

const FILTERS: { value: SessionStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'counting', label: 'Counting' },
  { value: 'submitted', label: 'Submitted' },
  { value: 'approved', label: 'Approved' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** The site's count sessions, newest first, from the replica. */
export function SessionListScreen({ revision }: { revision: string | null }) {
  const client = useLocalClient();
  const [status, setStatus] = useState<SessionStatus | ''>('');
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    client.counting.sessions.query(status === '' ? {} : { status }).then(
      (answer) => {
        if (cancelled) return;
        setSessions(answer.sessions);
        setError(null);
      },
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, status, revision]);

  return (
    <section className="counting-list" aria-labelledby="section-heading">
      <h1 id="section-heading">Counting</h1>
      <div className="toolbar">
        <GuardedButton action="count.manage" className="button" onClick={() => navigate('counting', 'new')}>New session</GuardedButton>
        <label>Show
          <select value={status} onChange={(e) => setStatus(e.target.value as SessionStatus | '')}>
            {FILTERS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {sessions !== null && sessions.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">{status === '' ? 'No count sessions at this site yet.' : 'No sessions with this status.'}</p>
          <p>A manager creates one with “New session”: choose the locations, full or cycle count, blind or not, and the tolerances. Sessions from other stations arrive with the next sync.</p>
        </div>
      ) : sessions !== null && (
        <table className="item-table sessions-table">
          <caption className="visually-hidden">Count sessions</caption>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Status</th>
              <th scope="col">Kind</th>
              <th scope="col" className="numeric">Locations</th>
              <th scope="col" className="numeric">Counted rows</th>
              <th scope="col" className="numeric">Scans</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} onClick={() => navigate('counting', s.id)}>
                <td>
                  <a className="row-link" href={`#/counting/${encodeURIComponent(s.id)}`} onClick={(e) => e.stopPropagation()}>{s.name}</a>
                </td>
                <td><SessionStatusBadge status={s.status} /></td>
                <td>{s.kind === 'full' ? 'Full' : 'Cycle'}{s.blind ? ' · blind' : ''}</td>
                <td className="numeric">{formatQuantity(s.locationCount)}</td>
                <td className="numeric">{formatQuantity(s.countedRows)} / {formatQuantity(s.expectedRows)}</td>
                <td className="numeric">{formatQuantity(s.lineCount)}</td>
                <td>{formatDateTime(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
