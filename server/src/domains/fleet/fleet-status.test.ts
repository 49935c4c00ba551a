import { describe, expect, it } from 'vitest';
import type { ReleasePlatform } from '../../db/fleet.schema';
import { effectiveChannel, fleetDevice, platformOfOs, releaseProgress, versionsAcrossFleet, type DeviceFacts } from './fleet-status';
import type { CandidateRelease } from './release-choice';
import { INITIAL_ROLLOUT } from './rollout-rings';

const now = new Date('2026-03-02T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const thresholds = { offlineHours: 24, dataAtRiskMinutes: 60 };
const platforms = new Set<ReleasePlatform>(['windows', 'mac', 'linux']);
const complete: CandidateRelease = { id: 'r1', version: '1.0.0', state: 'complete', rollout: { ...INITIAL_ROLLOUT, stage: 'all' }, platforms, carriesVersion: null };

function facts(extra: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    id: 'dev_1', name: 'Dock 1', siteId: 'site_a', siteName: 'Plant A', canary: false, assignedChannel: null, reportedChannel: 'latest',
    appVersion: '1.0.0', os: 'win32 10.0.22631 x64', revoked: false, lastPullAt: ago(5), lastSeenAt: ago(5), reportedAt: ago(5),
    outboxDepth: 0, oldestPendingAt: null, lastError: null, freeDiskBytes: null, lastSyncAt: ago(5), offered: new Set(), diagnosticsRequestId: null, ...extra,
  };
}
const view = (extra: Partial<DeviceFacts> = {}) => fleetDevice(facts(extra), () => [complete], thresholds, now);

describe('what the Fleet screen flags', () => {
  it('flags data at risk from the age of the oldest unsynced command, at the threshold', () => {
    expect(view({ outboxDepth: 3, oldestPendingAt: ago(59) })).toMatchObject({ dataAtRisk: false, pendingMinutes: 59 });
    expect(view({ outboxDepth: 3, oldestPendingAt: ago(60) })).toMatchObject({ dataAtRisk: true, pendingMinutes: 60 });
    // An empty outbox holds nothing at risk, whatever an old report said.
    expect(view({ outboxDepth: 0, oldestPendingAt: ago(600) })).toMatchObject({ dataAtRisk: false, pendingMinutes: null });
    expect(view({ outboxDepth: 3, oldestPendingAt: ago(600), revoked: true }).dataAtRisk).toBe(false);
  });

  it('calls a device offline past the hours since its last pull, and behind when it runs less than its release', () => {
    expect(view({ lastPullAt: ago(24 * 60) })).toMatchObject({ offline: false, hoursSinceContact: 24 });
    expect(view({ lastPullAt: ago(24 * 60 + 1) }).offline).toBe(true);
    expect(view({ lastPullAt: null, lastSeenAt: ago(3 * 24 * 60) }).offline).toBe(true);
    expect(view({ appVersion: '0.9.0' })).toMatchObject({ behind: true, target: { releaseId: 'r1', version: '1.0.0' } });
    expect(view({ appVersion: '1.1.0-beta.1' }).behind).toBe(false);
    expect(view({ appVersion: null }).behind).toBe(false);
  });

  it('knows the platform from the os report and the channel from the admin, the station, or stable', () => {
    expect(['win32 10.0 x64', 'darwin 23.1.0 arm64', 'linux 6.1 x64', 'plan9', null].map(platformOfOs)).toEqual(['windows', 'mac', 'linux', null, null]);
    expect(effectiveChannel({ assignedChannel: 'pilot', reportedChannel: 'beta' })).toBe('pilot');
    expect(effectiveChannel({ assignedChannel: null, reportedChannel: 'latest' })).toBe('stable');
    expect(effectiveChannel({ assignedChannel: null, reportedChannel: null })).toBe('stable');
  });

  it('counts a release eligible where its rings reach, offered where the feed gave it, taken where it runs', () => {
    const canaryRelease = { id: 'r2', version: '1.1.0', state: 'rolling' as const, rollout: INITIAL_ROLLOUT, platforms, carriesVersion: null, channel: 'stable', reach: 'canary' };
    const devices = [
      facts({ id: 'a', canary: true, appVersion: '1.1.0', offered: new Set(['r2']) }),
      facts({ id: 'b', canary: true }),
      facts({ id: 'c' }),
      facts({ id: 'd', canary: true, revoked: true }),
      facts({ id: 'e', canary: true, assignedChannel: 'beta' }),
    ].map((f) => ({ facts: f, view: fleetDevice(f, () => [complete, canaryRelease], thresholds, now) }));
    expect(releaseProgress(canaryRelease, devices)).toMatchObject({ eligible: 2, offered: 1, taken: 1 });
    // A rollback is taken by the devices it was offered to once they run the build it carries.
    const rollback = { ...canaryRelease, id: 'r3', version: '1.1.1', carriesVersion: '1.0.0', state: 'complete' as const };
    const rolled = [facts({ id: 'x', offered: new Set(['r3']) }), facts({ id: 'y' })].map((f) => ({ facts: f, view: fleetDevice(f, () => [rollback], thresholds, now) }));
    expect(releaseProgress(rollback, rolled).taken).toBe(1);
    expect(versionsAcrossFleet(devices.map((d) => d.view))).toEqual([{ version: '1.1.0', devices: 1 }, { version: '1.0.0', devices: 3 }]);
  });
});
