import type { Change, PullRequest, PullResponse } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceIdentity } from './device-auth.service';
import { findDevice, touchLastPull } from './devices.repo';
import { decodeSyncCursor, encodeSyncCursor, type SyncCursor } from './sync-cursor';
import { EMPTY_SCOPE, listChanges, readScopeStates, type ScopeState } from './sync-rows.repo';

/**
 * One page of changes for a device's scopes, in scope order then (version, entity, id) order, read
 * in one REPEATABLE READ snapshot together with the device's lastMutationId: a device never sees
 * its commands acknowledged without their effects. A cursor the server cannot serve (another
 * epoch, ahead of the scope after a restore, behind compacted tombstones, not ours) puts the scope
 * in `resetScopes` with no changes and no cursor; the device drops it and asks again from null.
 * That bootstrap carries the current epoch, so a reset never repeats.
 */
export async function pullChanges(db: Kysely<Database>, device: DeviceIdentity, request: PullRequest): Promise<PullResponse> {
  const response = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    const states = await readScopeStates(trx, device.tenantId, device.scopes);
    const row = await findDevice(trx, device.deviceId);
    const page: PullResponse = {
      changes: [], cursors: {}, resetScopes: [], scopes: device.scopes, hasMore: false,
      leftScopes: Object.keys(request.cursors).filter((scope) => !device.scopes.includes(scope)).sort(),
      lastMutationId: Number(row?.last_mutation_id ?? 0),
    };
    let remaining = request.limit;
    for (const scope of device.scopes) {
      const state = states.get(scope) ?? { scope, ...EMPTY_SCOPE };
      const sent = request.cursors[scope] ?? null;
      const cursor = sent === null ? bootstrapCursor(state) : servable(decodeSyncCursor(sent), state);
      if (cursor === null) {
        page.resetScopes.push(scope);
        page.hasMore = true;
        continue;
      }
      if (remaining === 0) {
        page.hasMore = true;
        continue;
      }
      // A cursor at the scope's current version has nothing to read: most pulls after a poke skip
      // every scope but the one that changed (one round trip fewer per caught-up scope).
      const caughtUp = cursor.k === null && cursor.v >= state.version;
      const rows = caughtUp ? [] : await listChanges(trx, {
        tenantId: device.tenantId, scope, limit: remaining + 1,
        after: sent === null ? null : { version: cursor.v, key: cursor.k },
        skipTombstonesUpTo: cursor.s ?? null,
      });
      const served = rows.slice(0, remaining);
      remaining -= served.length;
      page.changes.push(...served.map((r): Change => ({ scope, entity: r.entity as Change['entity'], id: r.id, version: r.version, deleted: r.deleted, data: r.data })));
      const last = served.at(-1);
      const more = rows.length > served.length;
      page.hasMore ||= more;
      // A scope read to its end moves to its current version, so the next pull starts after it.
      const next: SyncCursor = more && last ? { e: state.epoch, v: last.version, k: [last.entity, last.id] } : { e: state.epoch, v: state.version, k: null };
      if (cursor.s !== undefined && more) next.s = cursor.s;
      page.cursors[scope] = encodeSyncCursor(next);
    }
    return page;
  });
  await touchLastPull(db, device.deviceId).catch(() => undefined);
  return response;
}

function bootstrapCursor(state: ScopeState): SyncCursor {
  return { e: state.epoch, v: 0, k: null, s: state.version };
}

function servable(cursor: SyncCursor | null, state: ScopeState): SyncCursor | null {
  if (!cursor || cursor.e !== state.epoch || cursor.v > state.version || cursor.v < state.minVersion) return null;
  return cursor;
}
