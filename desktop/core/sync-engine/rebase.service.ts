import type { Kysely, Transaction } from 'kysely';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { clientMutators } from './client-mutators';
import {
  deleteConfirmedRow, deleteCursor, getConfirmedRow, listCursors, listRowKeys, markScopeStale, setCursor, upsertConfirmedRows,
} from './confirmed-rows.repo';
import {
  clearPendingTouched, dropAcknowledged, listOutbox, listPendingTouched, raiseAckedMutationId, touchPending,
} from './outbox.repo';
import type { PulledChange, PulledPage } from './sync-transport';
import { deleteTypedRow, isKnownEntity, writeTypedRow, writeTypedRows } from './typed-rows.repo';

type Trx = Transaction<ReplicaDatabase>;

/** Thrown when a pull answer predates a push the server already acknowledged (PowerSync's checkpoint rule). */
export class StalePullError extends Error {
  override readonly name = 'StalePullError';
}

/**
 * Applies one pull page in ONE SQLite transaction with its cursors: confirmed rows (and their typed
 * rows) take the server's changes, acknowledged commands leave the outbox, every row a pending
 * command touched is restored from confirmed state, and the remaining commands are re-applied on
 * top. A crash at any point leaves the previous page's state, cursor and outbox intact.
 */
export async function applyPullPage(db: Kysely<ReplicaDatabase>, page: PulledPage, ackedBefore: number): Promise<{ more: boolean }> {
  if (page.lastMutationId < ackedBefore) {
    throw new StalePullError(`The server answered a pull as of command ${page.lastMutationId} after acknowledging ${ackedBefore}`);
  }
  const more = pageHasMore(page);
  await db.transaction().execute(async (trx) => {
    for (const scope of page.leftScopes) await leaveScope(trx, scope);
    for (const scope of page.resetScopes) {
      await markScopeStale(trx, scope);
      await setCursor(trx, scope, null);
    }
    await applyChanges(trx, page.changes);
    const held = await listCursors(trx);
    for (const scope of page.scopes) if (!(scope in held)) await setCursor(trx, scope, null);
    for (const [scope, cursor] of Object.entries(page.cursors)) await setCursor(trx, scope, cursor);
    // Rows of a reset scope that its complete re-bootstrap did not bring back are gone on the server.
    if (!more) {
      for (const key of await listRowKeys(trx, { staleOnly: true })) {
        await deleteConfirmedRow(trx, key.entity, key.id);
        await deleteTypedRow(trx, key.entity, key.id);
      }
    }
    await dropAcknowledged(trx, page.lastMutationId);
    await raiseAckedMutationId(trx, page.lastMutationId);
    await rebasePending(trx);
  });
  return { more };
}

/** Whether another page follows; a reset scope the server did not start serving in this answer is fetched from null next. */
export function pageHasMore(page: PulledPage): boolean {
  return page.hasMore || page.resetScopes.some((scope) => !(scope in page.cursors));
}

/** Restores every row pending commands touched from confirmed state, then re-applies the outbox. */
export async function rebasePending(trx: Trx): Promise<void> {
  for (const key of await listPendingTouched(trx)) {
    const confirmed = await getConfirmedRow(trx, key.entity, key.id);
    if (confirmed) await writeTypedRow(trx, key.entity, key.id, confirmed.data);
    else await deleteTypedRow(trx, key.entity, key.id);
  }
  await clearPendingTouched(trx);
  for (const command of await listOutbox(trx)) {
    const mutator = clientMutators[command.name];
    // A command this build cannot predict still goes to the server; only its preview is missing.
    const parsed = mutator?.args.safeParse(command.args);
    if (!mutator || !parsed?.success) continue;
    for (const touched of await mutator.apply(trx, parsed.data)) await touchPending(trx, touched.entity, touched.id);
  }
}

/**
 * Within one page every (entity, id) appears at most once, so upserts and deletes can be batched.
 * An entity this build does not know (a newer server added it) has no typed table here: its rows
 * are kept in confirmed state only, where a later build can find them, and the pull goes on.
 */
async function applyChanges(trx: Trx, changes: readonly PulledChange[]): Promise<void> {
  const latest = new Map<string, PulledChange>();
  for (const change of changes) latest.set(`${change.entity}|${change.id}`, change);
  const upserts = new Map<string, PulledChange[]>();
  for (const change of latest.values()) {
    if (change.deleted || change.data === null) {
      await deleteConfirmedRow(trx, change.entity, change.id);
      if (isKnownEntity(change.entity)) await deleteTypedRow(trx, change.entity, change.id);
    } else {
      const list = upserts.get(change.entity) ?? [];
      list.push(change);
      upserts.set(change.entity, list);
    }
  }
  for (const [entity, rows] of upserts) {
    await upsertConfirmedRows(trx, rows.map((c) => ({ scope: c.scope, entity, id: c.id, version: c.version, data: c.data })));
    if (isKnownEntity(entity)) await writeTypedRows(trx, entity, rows);
  }
}

async function leaveScope(trx: Trx, scope: string): Promise<void> {
  for (const key of await listRowKeys(trx, { scope })) {
    await deleteConfirmedRow(trx, key.entity, key.id);
    await deleteTypedRow(trx, key.entity, key.id);
  }
  await deleteCursor(trx, scope);
}
