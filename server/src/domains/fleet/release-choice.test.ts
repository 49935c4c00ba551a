import { describe, expect, it } from 'vitest';
import type { ReleasePlatform } from '../../db/fleet.schema';
import { releaseForAnyone, releaseForDevice, type CandidateRelease, type FeedDevice } from './release-choice';
import { INITIAL_ROLLOUT, type Rollout } from './rollout-rings';

const everywhere: Rollout = { ...INITIAL_ROLLOUT, stage: 'all' };
const all = new Set<ReleasePlatform>(['windows', 'mac', 'linux']);
function release(id: string, version: string, extra: Partial<CandidateRelease> = {}): CandidateRelease {
  return { id, version, state: 'rolling', rollout: INITIAL_ROLLOUT, platforms: all, carriesVersion: null, ...extra };
}
function device(extra: Partial<FeedDevice> = {}): FeedDevice {
  return { id: 'dev_1', siteId: 'site_a', canary: false, appVersion: '1.0.0', offered: new Set(), ...extra };
}

describe('which release a device sees', () => {
  const stable = release('r1', '1.0.0', { state: 'complete', rollout: everywhere });
  const canaryOnly = release('r2', '1.1.0');

  it('gives a canary device the newest release and everyone else the newest their rings reach', () => {
    expect(releaseForDevice([stable, canaryOnly], device({ canary: true }), 'windows')?.id).toBe('r2');
    expect(releaseForDevice([canaryOnly, stable], device(), 'windows')?.id).toBe('r1');
    const atSiteA = release('r2', '1.1.0', { rollout: { ...INITIAL_ROLLOUT, stage: 'sites', siteOrder: ['site_a', 'site_b'], sitesReached: 1 } });
    expect(releaseForDevice([stable, atSiteA], device(), 'windows')?.id).toBe('r2');
    expect(releaseForDevice([stable, atSiteA], device({ siteId: 'site_b' }), 'windows')?.id).toBe('r1');
  });

  it('once paused, offers the release to no new device but keeps the ones it was offered to or that run it', () => {
    const paused = release('r2', '1.1.0', { state: 'paused', rollout: everywhere });
    expect(releaseForDevice([stable, paused], device(), 'windows')?.id).toBe('r1');
    expect(releaseForDevice([stable, paused], device({ offered: new Set(['r2']) }), 'windows')?.id).toBe('r2');
    expect(releaseForDevice([stable, paused], device({ appVersion: '1.1.0' }), 'windows')?.id).toBe('r2');
  });

  it('skips a release without an installer for the platform, and a rolled-back one', () => {
    const macOnly = release('r2', '1.1.0', { rollout: everywhere, platforms: new Set(['mac']) });
    expect(releaseForDevice([stable, macOnly], device(), 'windows')?.id).toBe('r1');
    expect(releaseForDevice([stable, macOnly], device(), 'mac')?.id).toBe('r2');
    const bad = release('r2', '1.1.0', { state: 'rolled_back', rollout: everywhere });
    expect(releaseForDevice([stable, bad], device({ appVersion: '1.1.0', offered: new Set(['r2']) }), 'windows')?.id).toBe('r1');
    expect(releaseForDevice([release('r9', '2.0.0')], device(), 'windows')).toBeNull();
  });

  it('offers a rollback to the devices on the bad build, not to those already running the build it re-publishes', () => {
    const bad = release('r2', '1.1.0', { state: 'rolled_back', rollout: everywhere });
    const rollback = release('r3', '1.1.1', { state: 'complete', rollout: everywhere, carriesVersion: '1.0.0' });
    const releases = [stable, bad, rollback];
    expect(releaseForDevice(releases, device({ appVersion: '1.1.0' }), 'windows')?.id).toBe('r3');
    expect(releaseForDevice(releases, device({ appVersion: '0.9.0' }), 'windows')?.id).toBe('r3');
    // Back on 1.0.0's bytes after installing the rollback: the feed says 1.0.0, so no update loops.
    expect(releaseForDevice(releases, device({ appVersion: '1.0.0', offered: new Set(['r3']) }), 'windows')?.id).toBe('r1');
  });

  it('without a device, serves the newest release past the named rings, with stagingPercentage while it reaches a share', () => {
    const tenPercent = release('r2', '1.1.0', { rollout: { ...INITIAL_ROLLOUT, stage: 'percent', percent: 10 } });
    expect(releaseForAnyone([stable, tenPercent], 'linux')).toEqual({ release: tenPercent, stagingPercentage: 10 });
    expect(releaseForAnyone([stable, canaryOnly], 'linux')).toEqual({ release: stable });
    expect(releaseForAnyone([stable, { ...tenPercent, state: 'paused' }], 'linux')).toEqual({ release: stable });
    expect(releaseForAnyone([canaryOnly], 'linux')).toBeNull();
  });
});
