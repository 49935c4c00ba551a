import type { Change, PullRequest, PullResponse } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { enterTenantScope } from '../db/tenant-scope';
import type { Database } from '../db/schema';
import { readPullState, type PullingDevice } from './pull-state.repo';
import { cursorIsAuthentic, decodeSyncCursor, encodeSyncCursor, type SentCursor, type SyncCursor } from './sync-cursor';
import { EMPTY_SCOPE, listChanges, raiseEpochIfAhead, type ScopeState, type SyncRowRead } from './sync-rows.repo';

/** What one read serves to every device that asked for the same page. */
export interface SharedPage {
  page: Omit<PullResponse, 'lastMutationId'>;
  devices: Map<string, PullingDevice>;
}

type RowsFor = (scope: string, cursor: SyncCursor, sent: string | null, limit: number) => Promise<SyncRowRead[]>;

/**
 * One page of changes of `scopes`, in scope order then (version, entity, id) order, read in one
 * snapshot together with the rows of `deviceIds` (their lastMutationId): a device never sees its
 * commands acknowledged without their effects. A cursor the server cannot serve (another epoch,
 * ahead of the scope after a restore, behind compacted tombstones, not ours) puts the scope in
 * `resetScopes` with no changes and no cursor; the device drops it and asks again from null.
 * That bootstrap carries the current epoch, so a reset never repeats.
 *
 * A cursor of the current epoch ahead of the scope proves a restore. Its scope's epoch is raised
 * before the answer leaves, so this device re-bootstraps under the new epoch and every other
 * device is reset by its old one: without it, a device that had not pulled yet would later show a
 * cursor the new writes have overtaken and silently miss the rows between.
 *
 * An incremental pull (every scope has a cursor, no bootstrap under way) is ONE statement: each
 * scope's next rows are read with the states and then checked against them. Bootstraps (and a
 * cursor found unservable) take a REPEATABLE READ transaction that reads only what the page needs.
 */
export async function readSharedPage(db: Kysely<Database>, tenantId: string, scopes: string[], request: PullRequest, deviceIds: string[]): Promise<SharedPage> {
  const cursors = scopes.map((scope) => {
    const sent = request.cursors[scope] ?? null;
    return sent === null ? null : decodeSyncCursor(sent);
  });
  if (cursors.every((c) => c !== null && c.s === undefined)) {
    const limit = request.limit + 1;
    const state = await readPullState(db, tenantId, scopes, deviceIds, scopes.map((scope, i) => ({
      tenantId, scope, limit, after: { version: cursors[i]!.v, key: cursors[i]!.k }, skipTombstonesUpTo: null,
    })));
    const prefetched = new Map(scopes.map((scope, i) => [scope, state.changes[i]!]));
    const allServable = scopes.every((scope, i) => servable(cursors[i]!, state.scopes.get(scope) ?? { scope, ...EMPTY_SCOPE }) !== null);
    if (allServable) {
      const page = await buildPage(scopes, request, state.scopes, async (scope, _cursor, _sent, n) => prefetched.get(scope)!.slice(0, n));
      return { page, devices: state.devices };
    }
  }
  const ahead: AheadCursor[] = [];
  const shared = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    // Bootstrap pages read the most rows: PostgreSQL confines them to the tenant as well.
    await enterTenantScope(trx, tenantId);
    const state = await readPullState(trx, tenantId, scopes, deviceIds);
    const page = await buildPage(scopes, request, state.scopes, (scope, cursor, sent, limit) => listChanges(trx, {
      tenantId, scope, limit, after: sent === null ? null : { version: cursor.v, key: cursor.k }, skipTombstonesUpTo: cursor.s ?? null,
    }), ahead);
    return { page, devices: state.devices };
  });
  // After the read-only snapshot and before the answer: the reset this device follows reads the new epoch.
  for (const { scope, epoch, below } of ahead) await raiseEpochIfAhead(db, tenantId, scope, { epoch, below });
  return shared;
}

/** A cursor of the scope's epoch past its version: the database behind it was restored. */
interface AheadCursor {
  scope: string;
  epoch: number;
  below: number;
}

async function buildPage(scopes: string[], request: PullRequest, states: Map<string, ScopeState>, rowsFor: RowsFor, ahead: AheadCursor[] = []): Promise<SharedPage['page']> {
  const page: SharedPage['page'] = {
    changes: [], cursors: {}, resetScopes: [], scopes, hasMore: false,
    leftScopes: Object.keys(request.cursors).filter((scope) => !scopes.includes(scope)).sort(),
  };
  let remaining = request.limit;
  for (const scope of scopes) {
    const current = states.get(scope) ?? { scope, ...EMPTY_SCOPE };
    const sent = request.cursors[scope] ?? null;
    const decoded = sent === null ? null : decodeSyncCursor(sent);
    const cursor = sent === null ? bootstrapCursor(current) : servable(decoded, current);
    if (cursor === null) {
      // Only a cursor this scope signed proves a restore (a scope lost with it has no key to sign):
      // a made-up one must not send the whole fleet back to a bootstrap.
      if (decoded && isAhead(decoded, current) && (cursorIsAuthentic(decoded, current.cursorKey) || !states.has(scope))) {
        ahead.push({ scope, epoch: current.epoch, below: reach(decoded) });
      }
      page.resetScopes.push(scope);
      page.hasMore = true;
      continue;
    }
    if (remaining === 0) {
      page.hasMore = true;
      continue;
    }
    // A cursor at the scope's current version has nothing to read: most pulls after a poke skip
    // every scope but the one that changed.
    const caughtUp = cursor.k === null && cursor.v >= current.version;
    const rows = caughtUp ? [] : await rowsFor(scope, cursor, sent, remaining + 1);
    const served = rows.slice(0, remaining);
    remaining -= served.length;
    for (const r of served) page.changes.push({ scope, entity: r.entity as Change['entity'], id: r.id, version: r.version, deleted: r.deleted, data: r.data });
    const last = served.at(-1);
    const more = rows.length > served.length;
    page.hasMore ||= more;
    // A scope read to its end moves to its current version, so the next pull starts after it.
    const next: SyncCursor = more && last ? { e: current.epoch, v: last.version, k: [last.entity, last.id] } : { e: current.epoch, v: current.version, k: null };
    if (cursor.s !== undefined && more) next.s = cursor.s;
    page.cursors[scope] = encodeSyncCursor(next, current.cursorKey);
  }
  return page;
}

function bootstrapCursor(state: ScopeState): SyncCursor {
  return { e: state.epoch, v: 0, k: null, s: state.version };
}

/**
 * The furthest version the cursor vouches for. A bootstrap skips tombstones up to `s` (it never
 * held those rows), so compacting them does not concern it, and `s` past the scope betrays a
 * restore as surely as `v` does.
 */
function reach(cursor: SyncCursor): number {
  return Math.max(cursor.v, cursor.s ?? 0);
}

function isAhead(cursor: SyncCursor, state: ScopeState): boolean {
  return cursor.e === state.epoch && reach(cursor) > state.version;
}

function servable(cursor: SentCursor | null, state: ScopeState): SyncCursor | null {
  if (!cursor || cursor.e !== state.epoch || isAhead(cursor, state) || reach(cursor) < state.minVersion) return null;
  return cursor;
}
