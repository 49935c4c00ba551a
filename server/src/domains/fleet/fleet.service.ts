import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { Database } from '../../db/schema';
import { notFound } from '../../errors/app.error';
import { revokeDevice } from '../../sync/devices.service';
import type { PokeBus } from '../../sync/poke-bus';
import { requireChannel } from './channels.service';
import { fleetDevice, releaseProgress, versionsAcrossFleet, type DeviceFacts, type FleetDevice, type FleetThresholds, type ReleaseProgress } from './fleet-status';
import { listFleetRows, lockTenantDevice, setDeviceFleetFields, type FleetRow } from './fleet.repo';
import { offersByRelease } from './releases.repo';
import { tenantReleases } from './releases.service';
import { describeRollout } from './rollout-rings';

export interface FleetOverview {
  generatedAt: string;
  thresholds: FleetThresholds;
  totals: { devices: number; revoked: number; offline: number; behind: number; dataAtRisk: number; diagnosticsPending: number };
  versions: { version: string | null; devices: number }[];
  /** Every release that is not rolled back, newest publication first, with its rollout progress. */
  releases: ReleaseProgress[];
  behind: FleetDevice[];
  offline: FleetDevice[];
  /** Oldest unsynced command first. */
  dataAtRisk: FleetDevice[];
}

export type DeviceFilter = 'all' | 'active' | 'revoked' | 'offline' | 'behind' | 'data-at-risk';

function factsOf(row: FleetRow, offered: ReadonlySet<string>): DeviceFacts {
  return {
    id: row.id, name: row.name, siteId: row.site_id, siteName: row.site_name, canary: row.canary, assignedChannel: row.update_channel,
    reportedChannel: row.channel, appVersion: row.header_app_version ?? row.app_version ?? row.enrolled_app_version, os: row.os,
    revoked: row.revoked_at !== null, lastPullAt: row.last_pull_at, lastSeenAt: row.last_seen_at, reportedAt: row.reported_at,
    outboxDepth: row.outbox_depth ?? row.pushed_outbox_depth, oldestPendingAt: row.oldest_pending_at, lastError: row.last_error,
    freeDiskBytes: row.free_disk_bytes === null ? null : Number(row.free_disk_bytes), lastSyncAt: row.last_sync_at, offered,
    diagnosticsRequestId: row.diagnostics_request_id,
  };
}

/** Every device of the tenant worked out against the current releases (one read of each table). */
async function fleetView(db: Kysely<Database>, tenantId: string, thresholds: FleetThresholds, now: Date) {
  const [rows, offers, releases] = await Promise.all([listFleetRows(db, tenantId), offersByRelease(db, tenantId), tenantReleases(db, tenantId)]);
  const offeredTo = new Map<string, Set<string>>();
  for (const [releaseId, deviceIds] of offers) for (const id of deviceIds) offeredTo.set(id, (offeredTo.get(id) ?? new Set()).add(releaseId));
  const ofChannel = (channel: string) => releases.filter((r) => r.channel === channel);
  const devices = rows.map((row) => {
    const facts = factsOf(row, offeredTo.get(row.id) ?? new Set());
    return { facts, view: fleetDevice(facts, ofChannel, thresholds, now) };
  });
  return { devices, releases };
}

/** What the Fleet screen opens on: versions, rollouts, and the devices that need a look. */
export async function fleetOverview(db: Kysely<Database>, tenantId: string, thresholds: FleetThresholds, now = new Date()): Promise<FleetOverview> {
  const { devices, releases } = await fleetView(db, tenantId, thresholds, now);
  const views = devices.map((d) => d.view);
  const active = views.filter((d) => !d.revoked);
  return {
    generatedAt: now.toISOString(),
    thresholds,
    totals: {
      devices: active.length, revoked: views.length - active.length, offline: active.filter((d) => d.offline).length,
      behind: active.filter((d) => d.behind).length, dataAtRisk: active.filter((d) => d.dataAtRisk).length,
      diagnosticsPending: active.filter((d) => d.diagnosticsRequestId !== null).length,
    },
    versions: versionsAcrossFleet(views),
    releases: releases.filter((r) => r.state !== 'rolled_back').map((release) => releaseProgress({ ...release, reach: describeRollout(release.rollout) }, devices)),
    behind: active.filter((d) => d.behind),
    offline: active.filter((d) => d.offline).sort((a, b) => b.hoursSinceContact - a.hoursSinceContact),
    dataAtRisk: active.filter((d) => d.dataAtRisk).sort((a, b) => (b.pendingMinutes ?? 0) - (a.pendingMinutes ?? 0)),
  };
}

/** The tenant's devices as the Fleet screen lists them, filtered. */
export async function fleetDevices(db: Kysely<Database>, tenantId: string, thresholds: FleetThresholds, filter: { status?: DeviceFilter; channel?: string; siteId?: string; version?: string; search?: string } = {}, now = new Date()): Promise<FleetDevice[]> {
  const { devices } = await fleetView(db, tenantId, thresholds, now);
  const search = filter.search?.trim().toLowerCase();
  return devices.map((d) => d.view).filter((d) => {
    const status = filter.status ?? 'active';
    if (status === 'revoked' ? !d.revoked : status !== 'all' && d.revoked) return false;
    if (status === 'offline' && !d.offline) return false;
    if (status === 'behind' && !d.behind) return false;
    if (status === 'data-at-risk' && !d.dataAtRisk) return false;
    if (filter.channel !== undefined && d.channel !== filter.channel) return false;
    if (filter.siteId !== undefined && d.siteId !== filter.siteId) return false;
    if (filter.version !== undefined && d.appVersion !== filter.version) return false;
    return !search || d.name.toLowerCase().includes(search) || d.id.toLowerCase().includes(search);
  });
}

interface Actor {
  tenantId: string;
  actorUserId: string | null;
}

async function changeDevice(db: Kysely<Database>, actor: Actor, deviceId: string, change: (device: NonNullable<Awaited<ReturnType<typeof lockTenantDevice>>>) => { fields: Parameters<typeof setDeviceFleetFields>[2]; action: string; details: Record<string, unknown> } | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const device = await lockTenantDevice(trx, actor.tenantId, deviceId);
    // Another tenant's device is "not found", never "forbidden".
    if (!device) throw notFound(`No device "${deviceId}".`);
    const outcome = change(device);
    if (!outcome) return;
    await setDeviceFleetFields(trx, deviceId, outcome.fields);
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: outcome.action, subject: `device:${deviceId}`, details: outcome.details });
  });
}

/** Moves the device to a channel (null: back to the one it asks for). Its next update check follows it. */
export async function setDeviceChannel(db: Kysely<Database>, actor: Actor, deviceId: string, channel: string | null): Promise<{ deviceId: string; channel: string | null }> {
  const name = channel === null ? null : await requireChannel(db, actor.tenantId, channel);
  await changeDevice(db, actor, deviceId, (device) => (device.update_channel === name ? null
    : { fields: { update_channel: name }, action: 'device.channel_set', details: { from: device.update_channel, to: name } }));
  return { deviceId, channel: name };
}

/** Puts the device in the canary ring (it takes every release first) or takes it out. */
export async function setDeviceCanary(db: Kysely<Database>, actor: Actor, deviceId: string, canary: boolean): Promise<{ deviceId: string; canary: boolean }> {
  await changeDevice(db, actor, deviceId, (device) => (device.canary === canary ? null
    : { fields: { canary }, action: 'device.ring_set', details: { canary } }));
  return { deviceId, canary };
}

/** Revokes a device of the tenant (the same revocation as `devices revoke`, audited there). */
export async function revokeTenantDevice(db: Kysely<Database>, actor: Actor, deviceId: string, bus?: PokeBus): Promise<{ deviceId: string; revoked: true }> {
  const device = await db.selectFrom('devices').select('id').where('id', '=', deviceId).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
  if (!device) throw notFound(`No device "${deviceId}".`);
  await revokeDevice(db, deviceId, bus, actor.actorUserId);
  return { deviceId, revoked: true };
}

/**
 * Asks the device for a diagnostic bundle: its next pull answer says so, and it uploads its recent
 * logs (POST /sync/diagnostics). Asking again while one is pending returns the same request.
 */
export async function requestDiagnostics(db: Kysely<Database>, actor: Actor, deviceId: string): Promise<{ deviceId: string; requestId: string }> {
  let requestId = `diag_${randomBytes(9).toString('base64url')}`;
  await db.transaction().execute(async (trx) => {
    const device = await lockTenantDevice(trx, actor.tenantId, deviceId);
    if (!device) throw notFound(`No device "${deviceId}".`);
    if (device.diagnostics_request_id) {
      requestId = device.diagnostics_request_id;
      return;
    }
    await trx.insertInto('device_diagnostics').values({ id: requestId, tenant_id: actor.tenantId, device_id: deviceId, requested_by: actor.actorUserId }).execute();
    await setDeviceFleetFields(trx, deviceId, { diagnostics_request_id: requestId });
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'device.diagnostics_requested', subject: `device:${deviceId}`, details: { requestId } });
  });
  return { deviceId, requestId };
}
