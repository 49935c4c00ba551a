import { HEADER_APP_VERSION } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../test/databases';
import { mutate } from '../../test/sync';
import type { ReleaseSummary } from '../domains/fleet/releases.service';
import { electronBuilderYaml } from './test/electron-updater-compat';
import { fakeBuild, openFleetWorld, type FleetWorld } from './test/fleet-world';
import type { UpdateInfo } from './update-info';

describe.each(BACKENDS)('rings through the feed on %s', (kind) => {
  let world: FleetWorld;
  let admin: Record<string, string>;
  let next: ReleaseSummary;

  /** The version an update check sees (as electron-updater sends it: credential and app version in requestHeaders). */
  async function sees(device: { headers: Record<string, string> } | null, appVersion?: string, file = 'latest.yml'): Promise<{ version: string; stagingPercentage?: number } | number> {
    const headers = { ...(device?.headers ?? {}), ...(appVersion ? { [HEADER_APP_VERSION]: appVersion } : {}) };
    const res = await world.app.inject({ url: `/updates/latest/${file}`, headers });
    if (res.statusCode !== 200) return res.statusCode;
    const info = electronBuilderYaml.load(res.body) as UpdateInfo;
    return { version: info.version, ...(info.stagingPercentage === undefined ? {} : { stagingPercentage: info.stagingPercentage }) };
  }
  async function call<T>(path: string, input: unknown): Promise<T> {
    const res = await mutate<T>(world.app, path, input, admin);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.error)}`);
    return res.data;
  }

  beforeAll(async () => {
    world = await openFleetWorld(kind, `rings-${kind}`);
    admin = (await world.admin()).headers;
    await world.publish('1.0.0', fakeBuild('1.0.0', 1024), { ring: { ring: 'all' } });
    next = (await world.publish('1.1.0', fakeBuild('1.1.0', 1024))).release;
  });
  afterAll(() => world?.close());

  it('rolls out canary devices first, then site by site, deciding the same for a device every time, and pauses without taking it back', async () => {
    const canary = await world.enroll('site_a');
    const [a1, b1] = [await world.enroll('site_a'), await world.enroll('site_b')];
    await call('fleet.setDeviceRing', { deviceId: canary.deviceId, canary: true });
    expect(next.reach).toBe('canary');
    expect([await sees(canary, '1.0.0'), await sees(a1, '1.0.0'), await sees(b1, '1.0.0')]).toEqual([{ version: '1.1.0' }, { version: '1.0.0' }, { version: '1.0.0' }]);
    expect(await sees(a1, '1.0.0')).toEqual({ version: '1.0.0' });

    const promoted = await call<ReleaseSummary>('releases.promote', { releaseId: next.id, promotion: { ring: 'sites', siteOrder: ['site_b', 'site_a'] } });
    expect(promoted.reach).toBe('canary + 1 of 2 sites');
    expect([await sees(a1, '1.0.0'), await sees(b1, '1.0.0')]).toEqual([{ version: '1.0.0' }, { version: '1.1.0' }]);

    await call('releases.pause', { releaseId: next.id });
    const b2 = await world.enroll('site_b');
    // A new device of the reached site is not offered it; the ones offered it keep it.
    expect([await sees(b2, '1.0.0'), await sees(b1, '1.0.0'), await sees(canary, '1.1.0')]).toEqual([{ version: '1.0.0' }, { version: '1.1.0' }, { version: '1.1.0' }]);
    await call('releases.resume', { releaseId: next.id });
    expect(await sees(b2, '1.0.0')).toEqual({ version: '1.1.0' });
  });

  it('gives anonymous checks plain stagingPercentage once the release reaches a share, and the last complete release before', async () => {
    expect(await sees(null)).toEqual({ version: '1.0.0' });
    await call('releases.promote', { releaseId: next.id, promotion: { ring: 'percent', percent: 10 } });
    expect(await sees(null)).toEqual({ version: '1.1.0', stagingPercentage: 10 });
    expect(await sees(null, undefined, 'latest-mac.yml')).toEqual({ version: '1.1.0', stagingPercentage: 10 });
    await call('releases.pause', { releaseId: next.id });
    expect(await sees(null)).toEqual({ version: '1.0.0' });
    await call('releases.resume', { releaseId: next.id });
  });

  it('follows the channel an admin moves a device to, whatever folder it checks', async () => {
    await world.publish('1.2.0-beta.1', fakeBuild('1.2.0-beta.1', 1024), { channel: 'beta', ring: { ring: 'all' } });
    const tester = await world.enroll('site_a');
    expect(await sees(tester, '1.0.0')).not.toEqual({ version: '1.2.0-beta.1' });
    await call('fleet.setDeviceChannel', { deviceId: tester.deviceId, channel: 'beta' });
    expect(await sees(tester, '1.0.0')).toEqual({ version: '1.2.0-beta.1' });
    await call('fleet.setDeviceChannel', { deviceId: tester.deviceId, channel: null });
    const unknown = await mutate(world.app, 'fleet.setDeviceChannel', { deviceId: tester.deviceId, channel: 'nightly' }, admin);
    expect([unknown.status, unknown.error?.message]).toEqual([404, expect.stringContaining('No release channel "nightly"')]);
  });

  it('rolls back to the previous build as a higher version, offered to the devices that took the bad one and not to those already on the good one', async () => {
    const { replacement } = await call<{ replacement: ReleaseSummary }>('releases.rollback', { releaseId: next.id });
    expect(replacement).toMatchObject({ version: '1.1.1', carriesVersion: '1.0.0', state: 'complete', reach: 'all devices' });
    expect(replacement.files.map((f) => f.name)).toContain('CapLiquify-Setup-1.0.0.exe');
    const [onBad, onGood] = [await world.enroll('site_a'), await world.enroll('site_a')];
    expect(await sees(onBad, '1.1.0')).toEqual({ version: '1.1.1' });
    expect(await sees(onGood, '1.0.0')).toEqual({ version: '1.0.0' });
    // After installing the rollback the station runs the 1.0.0 build again: no update loop.
    expect(await sees(onBad, '1.0.0')).toEqual({ version: '1.0.0' });
    const again = await mutate(world.app, 'releases.promote', { releaseId: next.id, promotion: { ring: 'all' } }, admin);
    expect(again.status).toBe(409);
  });
});
