import { useOperatorSessionState } from '../../hooks/use-operator-session';
import type { SessionView } from '../../rpc/local-types';
import { SessionStatusBadge } from './StatusBadge';

/** The count screen's title: the session, who counts (the signed-in person) and whether scans still count. */
export function CountHeader({ session }: { session: SessionView['session'] }) {
  const { operator, signOut } = useOperatorSessionState();
  const person = operator?.displayName ?? '';
  return (
    <>
      <div className="count-header">
        <h1 id="section-heading">Count: {session.name} <SessionStatusBadge status={session.status} /></h1>
        <p>
          Counting as <strong data-testid="counting-person">{person}</strong>{' '}
          <button type="button" className="button button-quiet" onClick={() => void signOut()}>Not {person}? Switch person</button>{' '}
          <a href={`#/counting/${encodeURIComponent(session.id)}`} className="back-link">Back to the session</a>
        </p>
      </div>
      {session.status !== 'counting' && (
        <p className="banner banner-warning" role="alert">
          This session is {session.status === 'draft' ? 'not started yet' : session.status}: scans from now on are refused.
        </p>
      )}
    </>
  );
}
