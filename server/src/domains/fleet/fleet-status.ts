import type { ReleasePlatform } from '../../db/fleet.schema';
import { compareVersions, sameVersion } from '../../updates/semver';
import { channelFromFeedFolder } from './channels.service';
import { releaseForDevice, type CandidateRelease } from './release-choice';

/** What we know of a device, from its row, its last health report and the server's own view. */
export interface DeviceFacts {
  id: string;
  name: string;
  siteId: string | null;
  siteName: string | null;
  canary: boolean;
  /** Set by an admin; overrides what the station asks for. */
  assignedChannel: string | null;
  reportedChannel: string | null;
  appVersion: string | null;
  os: string | null;
  revoked: boolean;
  lastPullAt: Date | null;
  lastSeenAt: Date;
  reportedAt: Date | null;
  outboxDepth: number | null;
  oldestPendingAt: Date | null;
  lastError: string | null;
  freeDiskBytes: number | null;
  lastSyncAt: Date | null;
  offered: ReadonlySet<string>;
  diagnosticsRequestId: string | null;
}

export interface FleetThresholds {
  offlineHours: number;
  dataAtRiskMinutes: number;
}

/** A device as the Fleet screen lists it. */
export interface FleetDevice {
  id: string;
  name: string;
  siteId: string | null;
  siteName: string | null;
  canary: boolean;
  /** The channel it follows: the admin's choice, else the one it reports, else stable. */
  channel: string;
  assignedChannel: string | null;
  appVersion: string | null;
  platform: ReleasePlatform | null;
  os: string | null;
  revoked: boolean;
  lastPullAt: string | null;
  reportedAt: string | null;
  outboxDepth: number | null;
  oldestPendingAt: string | null;
  lastError: string | null;
  freeDiskBytes: number | null;
  lastSyncAt: string | null;
  /** The release the feed offers it now; null when none is for it yet. */
  target: { releaseId: string; version: string } | null;
  /** It runs an older version than its target. */
  behind: boolean;
  /** No pull for longer than the threshold (hours since, rounded down). */
  offline: boolean;
  hoursSinceContact: number;
  /** Unsynced commands older than the threshold (minutes the oldest has waited). */
  dataAtRisk: boolean;
  pendingMinutes: number | null;
  diagnosticsRequestId: string | null;
}

/** The platform of an `os` report (`win32 10.0.22631 x64`, `darwin 23.1.0 arm64`, `linux …`). */
export function platformOfOs(os: string | null): ReleasePlatform | null {
  if (!os) return null;
  if (/^win/i.test(os)) return 'windows';
  if (/^(darwin|mac)/i.test(os)) return 'mac';
  if (/^linux/i.test(os)) return 'linux';
  return null;
}

export function effectiveChannel(device: Pick<DeviceFacts, 'assignedChannel' | 'reportedChannel'>): string {
  return device.assignedChannel ?? (device.reportedChannel ? channelFromFeedFolder(device.reportedChannel) : 'stable');
}

const HOUR_MS = 3_600_000;

/** The device with everything the screen flags worked out: target release, behind, offline, data at risk. */
export function fleetDevice(device: DeviceFacts, releasesOfChannel: (channel: string) => readonly (CandidateRelease & { version: string })[], thresholds: FleetThresholds, now: Date): FleetDevice {
  const channel = effectiveChannel(device);
  const platform = platformOfOs(device.os);
  const target = device.revoked ? null : releaseForDevice(releasesOfChannel(channel), device, platform);
  const contact = device.lastPullAt ?? device.lastSeenAt;
  const hoursSinceContact = Math.max(0, Math.floor((now.getTime() - contact.getTime()) / HOUR_MS));
  const pendingMinutes = device.outboxDepth && device.outboxDepth > 0 && device.oldestPendingAt
    ? Math.max(0, Math.floor((now.getTime() - device.oldestPendingAt.getTime()) / 60_000)) : null;
  return {
    id: device.id, name: device.name, siteId: device.siteId, siteName: device.siteName, canary: device.canary,
    channel, assignedChannel: device.assignedChannel, appVersion: device.appVersion, platform, os: device.os, revoked: device.revoked,
    lastPullAt: device.lastPullAt?.toISOString() ?? null, reportedAt: device.reportedAt?.toISOString() ?? null,
    outboxDepth: device.outboxDepth, oldestPendingAt: device.oldestPendingAt?.toISOString() ?? null, lastError: device.lastError,
    freeDiskBytes: device.freeDiskBytes, lastSyncAt: device.lastSyncAt?.toISOString() ?? null,
    target: target ? { releaseId: target.id, version: target.version } : null,
    behind: target !== null && device.appVersion !== null && compareVersions(device.appVersion, target.version) < 0,
    offline: !device.revoked && now.getTime() - contact.getTime() > thresholds.offlineHours * HOUR_MS,
    hoursSinceContact,
    dataAtRisk: !device.revoked && pendingMinutes !== null && pendingMinutes >= thresholds.dataAtRiskMinutes,
    pendingMinutes,
    diagnosticsRequestId: device.diagnosticsRequestId,
  };
}

export interface ReleaseProgress {
  releaseId: string;
  channel: string;
  version: string;
  state: CandidateRelease['state'];
  reach: string;
  /** Active devices of the channel (and a platform it has) that its rings reach now. */
  eligible: number;
  /** Devices the feed has offered it to. */
  offered: number;
  /** Devices running it (for a rollback: offered it and running the build it carries). */
  taken: number;
}

/** Rollout progress of one release over the devices (FleetDevice rows and their facts). */
export function releaseProgress(release: CandidateRelease & { channel: string; reach: string }, devices: readonly { facts: DeviceFacts; view: FleetDevice }[]): ReleaseProgress {
  const active = devices.filter((d) => !d.view.revoked && d.view.channel === release.channel);
  const eligible = active.filter((d) => releaseForDevice([release], d.facts, d.view.platform) !== null).length;
  const offered = active.filter((d) => d.facts.offered.has(release.id)).length;
  const taken = active.filter((d) => (release.carriesVersion === null
    ? sameVersion(d.view.appVersion, release.version)
    : d.facts.offered.has(release.id) && sameVersion(d.view.appVersion, release.carriesVersion))).length;
  return { releaseId: release.id, channel: release.channel, version: release.version, state: release.state, reach: release.reach, eligible, offered, taken };
}

/** How many active devices run each version, newest first (unknown last). */
export function versionsAcrossFleet(devices: readonly FleetDevice[]): { version: string | null; devices: number }[] {
  const counts = new Map<string | null, number>();
  for (const d of devices) if (!d.revoked) counts.set(d.appVersion, (counts.get(d.appVersion) ?? 0) + 1);
  return [...counts].map(([version, n]) => ({ version, devices: n }))
    .sort((a, b) => (a.version === null ? 1 : b.version === null ? -1 : compareVersions(b.version, a.version)));
}
