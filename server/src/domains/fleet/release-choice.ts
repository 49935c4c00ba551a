import type { ReleasePlatform, ReleaseState } from '../../db/fleet.schema';
import { compareVersions, sameVersion } from '../../updates/semver';
import { ringAdmits, type RingDevice, type Rollout } from './rollout-rings';

/** A release of one channel as the feed chooses among them. */
export interface CandidateRelease {
  id: string;
  version: string;
  state: ReleaseState;
  rollout: Rollout;
  platforms: ReadonlySet<ReleasePlatform>;
  /** For a rollback: the app version its files carry (the earlier build it re-publishes). */
  carriesVersion: string | null;
}

export interface FeedDevice extends RingDevice {
  /** The version it runs, when known (the update check's header, else its last health report). */
  appVersion: string | null;
  /** Releases it was offered before: a pause never takes back what a device was already offered. */
  offered: ReadonlySet<string>;
}

function newestFirst<T extends CandidateRelease>(releases: readonly T[]): T[] {
  return [...releases].sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * The release a device sees: the newest one of its channel with an installer for its platform
 * (any, when the platform is unknown) that
 * - it already runs, or was already offered (a paused ring keeps the devices it has), or
 * - is rolling or complete (not paused, not rolled back) and whose rings reach it.
 * A rolled-back release is never offered again. A rollback's re-published build is not offered
 * to a device already running that build: it would install the same bytes again and again.
 * Null when nothing is for this device yet.
 */
export function releaseForDevice<T extends CandidateRelease>(releases: readonly T[], device: FeedDevice, platform: ReleasePlatform | null): T | null {
  for (const release of newestFirst(releases)) {
    if (release.state === 'rolled_back') continue;
    if (platform !== null && !release.platforms.has(platform)) continue;
    if (release.carriesVersion !== null && sameVersion(release.carriesVersion, device.appVersion)) continue;
    if (sameVersion(release.version, device.appVersion) || device.offered.has(release.id)) return release;
    if (release.state === 'paused') continue;
    if (ringAdmits(release.rollout, release.id, device)) return release;
  }
  return null;
}

/**
 * What an update check without a device credential sees: the newest release that is rolling or
 * complete and past the named rings (canary and sites need to know the device), with
 * `stagingPercentage` while it reaches only a percentage: each electron-updater then decides from
 * its own random staging id. A paused release is skipped, so no new client takes it.
 */
export function releaseForAnyone<T extends CandidateRelease>(releases: readonly T[], platform: ReleasePlatform): { release: T; stagingPercentage?: number } | null {
  for (const release of newestFirst(releases)) {
    if (release.state !== 'rolling' && release.state !== 'complete') continue;
    if (!release.platforms.has(platform)) continue;
    if (release.rollout.stage === 'all') return { release };
    if (release.rollout.percent > 0) return { release, stagingPercentage: release.rollout.percent };
  }
  return null;
}
