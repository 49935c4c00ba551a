import { randomBytes } from 'node:crypto';
import { ErrorCode, HEADER_APP_VERSION, SYNC_DIAGNOSTICS_PATH, type DeviceHealth } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/databases';
import { mutate, postPull, query } from '../../../test/sync';
import { waitFor } from '../../jobs/test/wait-for';
import { fakeBuild, openFleetWorld, type FleetWorld } from '../../updates/test/fleet-world';
import type { DiagnosticsBundle } from './diagnostics.service';
import type { FleetDevice } from './fleet-status';
import type { FleetOverview } from './fleet.service';

const HOUR = 3_600_000;

function health(extra: Partial<DeviceHealth> = {}): DeviceHealth {
  return { appVersion: '1.0.0', channel: 'latest', os: 'win32 10.0.22631 x64', outboxDepth: 0, oldestPendingAt: null, lastError: null, freeDiskBytes: 50e9, lastSyncAt: new Date().toISOString(), ...extra };
}

describe.each(BACKENDS)('the fleet on %s', (kind) => {
  let world: FleetWorld;
  let admin: Record<string, string>;
  const db = () => world.testDb.handle.db;
  const pullWith = (device: { headers: Record<string, string> }, report: DeviceHealth | undefined, appVersion = report?.appVersion) =>
    postPull(world.app, { cursors: {}, ...(report ? { health: report } : {}) }, { ...device.headers, ...(appVersion ? { [HEADER_APP_VERSION]: appVersion } : {}) });
  const recorded = (deviceId: string) => waitFor(`the health of ${deviceId}`, () => db().selectFrom('device_health').selectAll().where('device_id', '=', deviceId).where('reported_at', 'is not', null).executeTakeFirst());

  beforeAll(async () => {
    world = await openFleetWorld(kind, `fleet-${kind}`, { FLEET_DATA_AT_RISK_MINUTES: '30', FLEET_OFFLINE_HOURS: '12' });
    admin = (await world.admin()).headers;
    await world.publish('1.0.0', fakeBuild('1.0.0', 1024), { ring: { ring: 'all' } });
  });
  afterAll(() => world?.close());

  it('records each pull\'s health report and app version header in one write that never fails the pull', async () => {
    const station = await world.enroll();
    // A station clock's nonsense in one field loses that field only.
    const pulled = await pullWith(station, health({ outboxDepth: 4, oldestPendingAt: 'yesterday-ish', lastError: 'ECONNRESET' }), '1.0.0');
    expect(pulled.status).toBe(200);
    expect(await recorded(station.deviceId)).toMatchObject({ app_version: '1.0.0', header_app_version: '1.0.0', outbox_depth: 4, oldest_pending_at: null, last_error: 'ECONNRESET', os: 'win32 10.0.22631 x64' });
    // A pull without a report keeps the last one.
    expect((await pullWith(station, undefined, '1.0.1')).status).toBe(200);
    await waitFor('the new header', async () => (await db().selectFrom('device_health').select('header_app_version').where('device_id', '=', station.deviceId).executeTakeFirst())?.header_app_version === '1.0.1');
    expect(await recorded(station.deviceId)).toMatchObject({ outbox_depth: 4, last_error: 'ECONNRESET' });
  });

  it('shows versions, rollout progress, devices behind, offline for long and holding data at risk', async () => {
    const release = (await world.publish('1.1.0', fakeBuild('1.1.0', 1024))).release;
    const [canary, behind, offline, atRisk] = [await world.enroll(), await world.enroll('site_b'), await world.enroll('site_b'), await world.enroll()];
    expect((await mutate(world.app, 'fleet.setDeviceRing', { deviceId: canary.deviceId, canary: true }, admin)).status).toBe(200);
    await pullWith(canary, health({ appVersion: '1.1.0' }));
    await pullWith(behind, health({ appVersion: '0.9.0' }));
    await pullWith(offline, health());
    await pullWith(atRisk, health({ outboxDepth: 12, oldestPendingAt: new Date(Date.now() - 2 * HOUR).toISOString() }));
    for (const d of [canary, behind, offline, atRisk]) await recorded(d.deviceId);
    await db().updateTable('devices').set({ last_pull_at: new Date(Date.now() - 30 * HOUR) }).where('id', '=', offline.deviceId).execute();
    // The canary station checks for updates: it is offered the new release.
    expect((await world.app.inject({ url: '/updates/latest/latest.yml', headers: canary.headers })).statusCode).toBe(200);

    const overview = (await query<FleetOverview>(world.app, 'fleet.overview', {}, admin)).data;
    expect(overview.thresholds).toEqual({ offlineHours: 12, dataAtRiskMinutes: 30 });
    expect(overview.versions.slice(0, 2)).toEqual([{ version: '1.1.0', devices: 1 }, { version: '1.0.1', devices: 1 }]);
    expect(overview.releases.find((r) => r.releaseId === release.id)).toEqual({ releaseId: release.id, channel: 'stable', version: '1.1.0', state: 'rolling', reach: 'canary', eligible: 1, offered: 1, taken: 1 });
    expect(overview.behind.map((d) => [d.id, d.appVersion, d.target?.version])).toEqual([[behind.deviceId, '0.9.0', '1.0.0']]);
    expect(overview.offline.map((d) => [d.id, d.hoursSinceContact >= 29])).toEqual([[offline.deviceId, true]]);
    expect(overview.dataAtRisk.map((d) => [d.id, d.outboxDepth, d.pendingMinutes! >= 119])).toEqual([[atRisk.deviceId, 12, true]]);
    expect(overview.totals).toMatchObject({ offline: 1, behind: 1, dataAtRisk: 1, revoked: 0 });
    // A longer threshold, asked for by the screen, clears the flag.
    expect((await query<FleetOverview>(world.app, 'fleet.overview', { dataAtRiskMinutes: 240 }, admin)).data.dataAtRisk).toEqual([]);

    const risky = (await query<FleetDevice[]>(world.app, 'fleet.devices', { status: 'data-at-risk' }, admin)).data;
    expect(risky.map((d) => d.id)).toEqual([atRisk.deviceId]);
    expect((await query<FleetDevice[]>(world.app, 'fleet.devices', { siteId: 'site_b', status: 'all' }, admin)).data.map((d) => d.id).sort()).toEqual([behind.deviceId, offline.deviceId].sort());
  });

  it('asks a device for diagnostics through its pull, takes the upload, lists it and lets an admin download it', async () => {
    const station = await world.enroll();
    const asked = await mutate<{ requestId: string }>(world.app, 'fleet.requestDiagnostics', { deviceId: station.deviceId }, admin);
    const { requestId } = asked.data;
    expect((await mutate<{ requestId: string }>(world.app, 'fleet.requestDiagnostics', { deviceId: station.deviceId }, admin)).data.requestId).toBe(requestId);
    expect((await pullWith(station, health())).data.diagnosticsRequested).toEqual({ requestId });

    const bundle = randomBytes(30_000);
    const send = (id: string, payload: Buffer, headers = station.headers) => world.app.inject({ method: 'POST', url: `${SYNC_DIAGNOSTICS_PATH}?requestId=${id}`, headers: { ...headers, 'content-type': 'application/gzip' }, payload });
    const wrong = await send('diag_not_asked', bundle);
    expect([wrong.statusCode, wrong.json().code]).toEqual([409, ErrorCode.Conflict]);
    const stranger = await world.enroll();
    expect((await send(requestId, bundle, stranger.headers)).statusCode).toBe(409);
    const tooBig = await send(requestId, randomBytes(world.config.fleet.maxDiagnosticsBytes + 1));
    expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, ErrorCode.PayloadTooLarge]);
    const sent = await send(requestId, bundle);
    expect([sent.statusCode, sent.json()]).toEqual([201, { requestId, sizeBytes: bundle.length }]);
    expect((await pullWith(station, health())).data.diagnosticsRequested).toBeUndefined();

    const listed = (await query<DiagnosticsBundle[]>(world.app, 'fleet.diagnostics', { deviceId: station.deviceId }, admin)).data;
    expect(listed).toEqual([expect.objectContaining({ id: requestId, deviceId: station.deviceId, sizeBytes: bundle.length, contentType: 'application/gzip', uploadedAt: expect.any(String) })]);
    const download = await world.app.inject({ url: `/api/fleet/diagnostics/${requestId}`, headers: { authorization: admin.authorization! } });
    expect([download.statusCode, Buffer.from(download.rawPayload).equals(bundle)]).toEqual([200, true]);
    const noSecondFactor = await world.app.inject({ url: `/api/fleet/diagnostics/${requestId}`, headers: { authorization: (await world.admin({ mfa: false })).headers.authorization! } });
    expect(noSecondFactor.statusCode).toBe(403);
    const otherTenant = await world.app.inject({ url: `/api/fleet/diagnostics/${requestId}`, headers: { authorization: (await world.admin({ tenantId: 'tnt_other' })).headers.authorization! } });
    expect(otherTenant.statusCode).toBe(404);
  });

  it('moves, marks and revokes only its own tenant\'s devices, each an audited act', async () => {
    const station = await world.enroll();
    const other = (await world.admin({ tenantId: 'tnt_other' })).headers;
    for (const [path, input] of [['fleet.setDeviceChannel', { deviceId: station.deviceId, channel: 'beta' }], ['fleet.setDeviceRing', { deviceId: station.deviceId, canary: true }], ['fleet.revokeDevice', { deviceId: station.deviceId }], ['fleet.requestDiagnostics', { deviceId: station.deviceId }]] as const) {
      const refused = await mutate(world.app, path, input, other);
      expect([path, refused.status]).toEqual([path, 404]);
    }
    expect((await query<FleetOverview>(world.app, 'fleet.overview', {}, other)).data.totals.devices).toBe(0);
    expect((await mutate(world.app, 'fleet.setDeviceChannel', { deviceId: station.deviceId, channel: 'beta' }, admin)).data).toEqual({ deviceId: station.deviceId, channel: 'beta' });
    expect((await mutate(world.app, 'fleet.revokeDevice', { deviceId: station.deviceId }, admin)).status).toBe(200);
    expect((await pullWith(station, health())).status).toBe(401);
    const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('subject', '=', `device:${station.deviceId}`).where('action', '!=', 'device.enrolled').orderBy('seq').execute();
    expect(audit).toEqual([{ action: 'device.channel_set', details: { from: null, to: 'beta' } }, { action: 'device.revoked', details: {} }]);
  });
});
