import {
  approvalBlockers, computeCountVariance, ErrorCode, variancePostings,
  type approveCountSession, type CommandArgs, type CountExpected, type CountLine, type CountSession, type CountVarianceStatus,
} from '@capliquify/shared';
import { appendAudit } from '../../audit/audit.service';
import { CommandRejection } from '../../sync/command-failure';
import { countExpectedRow, countLineRow, countSessionRow } from '../../sync/sync-documents';
import { postMovement } from '../inventory/movement.service';
import { insertAuditRows } from './count-audit.repo';
import { listSessionExpected, markPosted, type CountExpectedRecord } from './count-expected.repo';
import { countMovementId } from './count-movement-id';
import { listSessionLines } from './count-line.repo';
import { readLabels, updateSession } from './count-session.repo';
import { describeStatus, openSession, type CountingActor } from './count-session.service';

const BLOCKED_BECAUSE: Partial<Record<CountVarianceStatus, string>> = {
  needs_recount: 'needs a recount', recount_requested: 'recount not done yet', not_counted: 'not counted',
};

/** Quantities are numeric(18, 4): a variance is posted as the ledger will store it. */
const toLedger = (quantity: number): number => Number(quantity.toFixed(4));

/**
 * Approves a submitted session: computes the variance with the same function as the desktop's
 * review screen, posts one count adjustment per row that differs (deterministic movement ids, so
 * it can only ever post once), writes an audit row per row and closes the session. A row that
 * still needs or awaits a recount, or an adjustment that would take stock below zero, rejects the
 * whole approval with the reason.
 */
export async function approveSession(actor: CountingActor, args: CommandArgs<typeof approveCountSession>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  if (session.status === 'approved') return [];
  if (session.status !== 'submitted') {
    throw new CommandRejection(ErrorCode.CommandRejected, `${describeStatus(session)}; only a submitted session can be approved.`);
  }
  const expectedRows = await listSessionExpected(actor.trx, actor.tenantId, session.id);
  const lineRows = await listSessionLines(actor.trx, actor.tenantId, session.id);
  // The documents the devices hold: the server decides on exactly what the review screen showed.
  const expected = expectedRows.map((e) => countExpectedRow(e).data as CountExpected);
  const costs = new Map(expected.map((e) => [e.itemId, e.unitCostMinor]));
  const variance = computeCountVariance({
    session: countSessionRow(session).data as CountSession,
    expected,
    lines: lineRows.map((l) => countLineRow(l).data as CountLine),
    unitCostOf: (itemId: string) => costs.get(itemId) ?? 0,
  });

  const blockers = approvalBlockers(variance);
  if (blockers.length > 0) {
    const shown = blockers.slice(0, 10);
    const labels = await readLabels(actor.trx, actor.tenantId, shown.map((b) => b.locationId), shown.map((b) => b.itemId));
    const names = shown.map((b) => `${labels.items.get(b.itemId) ?? b.itemId} at ${labels.locations.get(b.locationId) ?? b.locationId} (${BLOCKED_BECAUSE[b.status] ?? b.status})`);
    const more = blockers.length > 10 ? ` and ${blockers.length - 10} more` : '';
    throw new CommandRejection(ErrorCode.CommandRejected, `Session ${session.name} cannot be approved yet: ${names.join('; ')}${more}.`);
  }

  const approvedAt = new Date();
  // Approved first: the ledger appends movements only to sessions still open, not to this one's own adjustments.
  const approved = await updateSession(actor.trx, actor.tenantId, session.id, { status: 'approved', approved_at: approvedAt, approved_by: args.by });
  const posted = new Map<string, { movementId: string; quantity: number }>();
  const changed: CountExpectedRecord[] = [];
  for (const p of variancePostings(variance)) {
    const quantity = toLedger(p.quantity);
    if (quantity === 0) continue;
    const movementId = countMovementId(session.id, p.locationId, p.itemId);
    try {
      await postMovement(actor.trx, actor.tenantId, {
        movementId, siteId: session.site_id, locationId: p.locationId, itemId: p.itemId, kind: 'count_adjustment', quantity,
        note: `count ${session.name}`,
      }, actor.scopes);
    } catch (error) {
      if (error instanceof CommandRejection) throw new CommandRejection(error.code, `Session ${session.name} cannot be approved: ${error.message}`);
      throw error;
    }
    posted.set(`${p.locationId}|${p.itemId}`, { movementId, quantity });
    changed.push(await markPosted(actor.trx, actor.tenantId, session.id, p.locationId, p.itemId, { movementId, quantity, at: approvedAt }));
  }

  await insertAuditRows(actor.trx, variance.rows.map((row) => {
    const post = posted.get(`${row.locationId}|${row.itemId}`);
    return {
      tenant_id: actor.tenantId, session_id: session.id, location_id: row.locationId, item_id: row.itemId,
      counters: JSON.stringify(row.counters), devices: JSON.stringify(row.deviceIds),
      counted_at: row.countedAt === null ? null : new Date(row.countedAt), expected_at_count: toLedger(row.expectedAtCount),
      counted: row.counted === null ? null : String(toLedger(row.counted)), adjustment: post?.quantity ?? 0,
      movement_id: post?.movementId ?? null, approved_by: args.by, approved_at: approvedAt,
    };
  }));
  // The tenant's chained log gets one entry per approval; `args.by` is a person's name, so it stays out.
  await appendAudit(actor.trx, {
    tenantId: actor.tenantId, actorDeviceId: actor.deviceId, action: 'count.approved', subject: `count_session:${session.id}`,
    details: { siteId: session.site_id, rows: variance.rows.length, adjustments: posted.size },
  });
  await write.write([countSessionRow(approved), ...changed.map(countExpectedRow)]);
  return [scope];
}
