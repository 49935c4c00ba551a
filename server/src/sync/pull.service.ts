import { ErrorCode, type PullRequest, type PullResponse } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { recordSightings } from '../domains/fleet/device-health.repo';
import { AppError } from '../errors/app.error';
import { forgetDevice } from './device-auth-cache';
import { deviceRevoked, type DeviceIdentity } from './device-auth.service';
import { touchLastPull } from './devices.repo';
import { createKeyedBatcher, type KeyedBatcher } from './keyed-batcher';
import { createLastPullTracker } from './last-pull-tracker';
import { readSharedPage } from './pull-page.service';
import { scopesForSite } from './scopes';

/** What the request said about the device besides the pull: its app version header (the fleet's view). */
export interface PullSeen {
  appVersion: string | null;
}

type PullInput = { device: DeviceIdentity; request: PullRequest; seen: PullSeen };
type PullBatcher = KeyedBatcher<PullInput, PullResponse>;

/** The device's row names another site than its (cached) identity: it moved; pull its new scopes. */
class DeviceMoved extends Error {
  constructor(readonly siteId: string) {
    super('the device moved to another site');
  }
}

// One per database (one per app, and per test database in tests).
const batchers = new WeakMap<Kysely<Database>, PullBatcher>();

/**
 * One page of changes for a device's scopes since its cursors, with its lastMutationId from the
 * same snapshot (see `readSharedPage`). Devices asking for the same page at the same time (same
 * tenant, scopes, cursors and limit: a fleet pulling after one poke) share one database read.
 * The device row is read with the page, so a device revoked or moved since its credential was
 * cached is refused or served its new scopes.
 */
export async function pullChanges(db: Kysely<Database>, device: DeviceIdentity, request: PullRequest, seen: PullSeen = { appVersion: null }): Promise<PullResponse> {
  let identity = device;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await batcherFor(db).run(pullKey(identity, request), { device: identity, request, seen });
    } catch (error) {
      if (!(error instanceof DeviceMoved)) throw error;
      forgetDevice(device.deviceId);
      identity = { ...identity, siteId: error.siteId, scopes: scopesForSite(error.siteId, identity.role) };
    }
  }
  throw new AppError(ErrorCode.ServiceUnavailable, 'The device is being moved between sites; retry later.');
}

function batcherFor(db: Kysely<Database>): PullBatcher {
  let batcher = batchers.get(db);
  if (batcher) return batcher;
  const lastPull = createLastPullTracker();
  batcher = createKeyedBatcher<PullInput, PullResponse>(async (_key, inputs) => {
    const { device: first, request } = inputs[0]!;
    const deviceIds = inputs.map((i) => i.device.deviceId);
    const shared = await readSharedPage(db, first.tenantId, first.scopes, request, deviceIds);
    const due = lastPull.due(deviceIds.filter((id) => shared.devices.get(id)?.revoked === false));
    // Informational: written after the read and never awaited by the answer.
    if (due.length > 0) void touchLastPull(db, due).catch(() => undefined);
    // The fleet's health view: one upsert for the batch, never awaited, never failing a pull.
    const sightings = inputs.filter((i) => i.request.health || i.seen.appVersion)
      .map((i) => ({ deviceId: i.device.deviceId, tenantId: i.device.tenantId, headerAppVersion: i.seen.appVersion, health: i.request.health ?? null }));
    if (sightings.length > 0) void recordSightings(db, sightings).catch(() => undefined);
    return ({ device }) => {
      const row = shared.devices.get(device.deviceId);
      if (!row?.siteId) throw new AppError(ErrorCode.Unauthorized, 'The device credential is not valid; enroll the device again.');
      if (row.revoked) throw deviceRevoked();
      if (row.siteId !== device.siteId) throw new DeviceMoved(row.siteId);
      return {
        ...shared.page, lastMutationId: row.lastMutationId,
        ...(row.diagnosticsRequestId ? { diagnosticsRequested: { requestId: row.diagnosticsRequestId } } : {}),
      };
    };
  });
  batchers.set(db, batcher);
  return batcher;
}

function pullKey(device: DeviceIdentity, request: PullRequest): string {
  const cursors = Object.entries(request.cursors).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([device.tenantId, device.scopes, cursors, request.limit]);
}
