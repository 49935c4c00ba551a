import { useState } from 'react';
import { ConfirmDialog } from '../../components/counting/ConfirmDialog';
import { ExportButtons } from '../../components/counting/ExportButtons';
import { GuardedButton } from '../../components/GuardedButton';
import { RejectedScans } from '../../components/counting/RejectedScans';
import { SessionStatusBadge } from '../../components/counting/StatusBadge';
import { VarianceReview, rowKey } from '../../components/counting/VarianceReview';
import { approvalBlockers, variancePostings } from '@capliquify/shared/domain/count-variance';
import { flaggedForRecount } from '../../counting/variance-filter';
import { formatDateTime, formatMoney, formatQuantity } from '../../format';
import { useCountSession } from '../../hooks/use-count-session';
import { navigate } from '../../hooks/use-hash-route';
import { useSyncEngineState } from '../../hooks/use-sync-engine';
import { errorMessage, type SessionView } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';

type Dialog = 'approve' | 'cancel' | null;

/** One session: its facts, the actions its state allows, the variance review and the reports. */
export function SessionDetailScreen({ sessionId, revision }: { sessionId: string; revision: string | null }) {
  const client = useLocalClient();
  const engine = useSyncEngineState();
  const { view, error, reload } = useCountSession(sessionId, revision);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  if (!view) {
    return (
      <section aria-labelledby="section-heading">
        <h1 id="section-heading">Count session</h1>
        {error ? <p className="inline-error" role="alert">{error}</p> : <p className="muted">Loading…</p>}
        <button type="button" className="button button-quiet" onClick={() => navigate('counting')}>Back to sessions</button>
      </section>
    );
  }
  const { session, variance } = view;

  const act = async (what: string, run: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await run();
      setMessage({ error: false, text: `${what}.` });
      setDialog(null);
      setSelected(new Set());
      reload();
      void engine?.refresh();
    } catch (cause) {
      setMessage({ error: true, text: errorMessage(cause) });
    } finally {
      setBusy(false);
    }
  };
  const recount = (rows: { locationId: string; itemId: string }[]) => act(
    `Recount requested for ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`,
    () => client.counting.requestRecount.mutate({ sessionId, lines: rows.map(({ locationId, itemId }) => ({ locationId, itemId })) }),
  );
  const flagged = flaggedForRecount(variance.rows);
  const chosenRows = variance.rows.filter((r) => selected.has(rowKey(r)));
  const postings = variancePostings(variance);
  const blockers = approvalBlockers(variance);
  const dialogError = message?.error ? message.text : null;
  const open = session.status === 'draft' || session.status === 'counting' || session.status === 'submitted';

  return (
    <section className="session-detail" aria-labelledby="section-heading">
      <p><a href="#/counting" className="back-link">← All sessions</a></p>
      <h1 id="section-heading">{session.name} <SessionStatusBadge status={session.status} /></h1>
      {view.pending && <p className="banner banner-pending" role="status">Changes made on this station are waiting to sync.</p>}
      <SessionFacts view={view} />

      <div className="toolbar session-actions" role="group" aria-label="Session actions">
        {session.status === 'draft' && (
          <GuardedButton action="count.manage" siteId={session.siteId} className="button button-big" disabled={busy} onClick={() => void act('Counting started', () => client.counting.start.mutate({ sessionId }))}>Start counting</GuardedButton>
        )}
        {session.status === 'counting' && (
          <>
            <GuardedButton action="count.scan" siteId={session.siteId} className="button button-big" onClick={() => navigate('counting', sessionId, 'count')}>Count</GuardedButton>
            <GuardedButton action="count.scan" siteId={session.siteId} className="button button-quiet button-big" disabled={busy} onClick={() => void act('Submitted for approval', () => client.counting.submit.mutate({ sessionId }))}>Submit for approval</GuardedButton>
          </>
        )}
        {session.status === 'submitted' && (
          <>
            <GuardedButton action="count.approve" siteId={session.siteId} className="button button-big" disabled={busy} onClick={() => {
              setMessage(null);
              setDialog('approve');
            }}>Approve…</GuardedButton>
            <GuardedButton action="count.manage" siteId={session.siteId} className="button button-quiet button-big" disabled={busy || chosenRows.length === 0} onClick={() => void recount(chosenRows)}>
              Request recount for selected ({chosenRows.length})
            </GuardedButton>
            <GuardedButton action="count.manage" siteId={session.siteId} className="button button-quiet button-big" disabled={busy || flagged.length === 0} onClick={() => void recount(flagged)}>
              Request recount for all flagged ({flagged.length})
            </GuardedButton>
          </>
        )}
        {open && <GuardedButton action="count.manage" siteId={session.siteId} className="button button-quiet button-big" disabled={busy} onClick={() => {
          setMessage(null);
          setDialog('cancel');
        }}>Cancel session…</GuardedButton>}
      </div>
      {message && <p className={message.error ? 'inline-error' : 'muted'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}

      {session.status !== 'draft' && (
        <VarianceReview view={view} hideExpected={view.expectedHidden}
          {...(session.status === 'submitted' ? { selected, onSelectedChange: setSelected } : {})} />
      )}
      <RejectedScans sessionId={sessionId} sessionName={session.name} locations={view.locations} revision={revision} />
      <ExportButtons sessionId={sessionId} />

      {dialog === 'approve' && (
        <ConfirmDialog title={`Approve ${session.name}?`} confirmLabel="Approve and post" cancelLabel="Keep reviewing" busy={busy}
          error={dialogError} canConfirm={blockers.length === 0}
          onCancel={() => setDialog(null)} onConfirm={() => void act('Approved', () => client.counting.approve.mutate({ sessionId }))}>
          {blockers.length > 0 && (
            <p className="banner banner-warning">
              Not yet: {blockers.length} {blockers.length === 1 ? 'row needs' : 'rows need'} a recount first
              ({blockers.slice(0, 5).map((r) => `${r.sku ?? r.itemId} at ${r.locationCode ?? r.locationId}`).join(', ')}{blockers.length > 5 ? ', …' : ''}).
            </p>
          )}
          <p>
            This posts {formatQuantity(postings.length)} count {postings.length === 1 ? 'adjustment' : 'adjustments'} to the stock ledger
            (net value {formatMoney(variance.totals.netValueMinor, session.currency)}), once, with an audit entry per line. It cannot be undone.
          </p>
          {variance.totals.unknownLines > 0 && <p>{formatQuantity(variance.totals.unknownLines)} scans of unknown barcodes are not posted.</p>}
        </ConfirmDialog>
      )}
      {dialog === 'cancel' && (
        <ConfirmDialog title={`Cancel ${session.name}?`} confirmLabel="Cancel session" cancelLabel="Keep session" busy={busy} error={dialogError} canConfirm={reason.trim() !== ''}
          onCancel={() => setDialog(null)} onConfirm={() => void act('Cancelled', () => client.counting.cancel.mutate({ sessionId, reason: reason.trim() }))}>
          <p>Nothing is posted to stock. Scans still arriving from other stations are refused with this reason.</p>
          <label htmlFor="cancel-reason">Reason</label>
          <textarea id="cancel-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </ConfirmDialog>
      )}
    </section>
  );
}

function SessionFacts({ view }: { view: SessionView }) {
  const { session, locations } = view;
  return (
    <dl className="facts">
      <dt>Kind</dt><dd>{session.kind === 'full' ? 'Full count' : `Cycle count (${session.itemIds?.length ?? 0} ${session.itemIds?.length === 1 ? 'item' : 'items'})`}{session.blind ? ', blind' : ''}</dd>
      <dt>Locations</dt><dd>{locations.map((l) => l.code).join(', ')}</dd>
      <dt>Tolerance</dt><dd>{formatQuantity(session.toleranceQtyPct)} % or {formatMoney(session.toleranceValueMinor, session.currency)}</dd>
      <dt>Counters</dt><dd>{session.counters.length > 0 ? session.counters.join(', ') : 'anyone at the site'}</dd>
      <dt>Created</dt><dd>{formatDateTime(session.createdAt)} by {session.createdBy}</dd>
      {session.startedAt && <><dt>Started</dt><dd>{formatDateTime(session.startedAt)}</dd></>}
      {session.submittedAt && <><dt>Submitted</dt><dd>{formatDateTime(session.submittedAt)}</dd></>}
      {session.approvedAt && <><dt>Approved</dt><dd>{formatDateTime(session.approvedAt)} by {session.approvedBy}</dd></>}
      {session.cancelledAt && <><dt>Cancelled</dt><dd>{formatDateTime(session.cancelledAt)}: {session.cancelReason}</dd></>}
      {session.recounts.length > 0 && <><dt>Recounts</dt><dd>{session.recounts.length} requested (not by {[...new Set(session.recounts.flatMap((r) => r.excludedCounters))].join(', ') || 'nobody'})</dd></>}
    </dl>
  );
}
