import type { SessionStatus, VarianceRowView } from '../../rpc/local-types';

const SESSION_LABELS: Record<SessionStatus, string> = {
  draft: 'Draft', counting: 'Counting', submitted: 'Submitted', approved: 'Approved', cancelled: 'Cancelled',
};

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`status-badge status-${status}`} data-status={status}>{SESSION_LABELS[status]}</span>;
}

export type RowStatus = VarianceRowView['status'];

export const ROW_STATUS_LABELS: Record<RowStatus, string> = {
  ok: 'OK',
  needs_recount: 'Needs recount',
  recount_requested: 'Recount requested',
  recounted: 'Recounted',
  not_counted: 'Not counted',
};

/** A variance row's status, and whether it is over tolerance (which a recount accepts). */
export function RowStatusBadge({ row }: { row: Pick<VarianceRowView, 'status' | 'overTolerance'> }) {
  return (
    <span className="row-status">
      <span className={`status-badge row-${row.status}`} data-status={row.status}>{ROW_STATUS_LABELS[row.status]}</span>
      {row.overTolerance && <span className="status-badge row-over">Over tolerance</span>}
    </span>
  );
}
