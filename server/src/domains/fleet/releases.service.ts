import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { ReleasePlatform, ReleaseState } from '../../db/fleet.schema';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';
import { PLATFORMS } from '../../updates/artifact-platform';
import { parseSemVer } from '../../updates/semver';
import type { CandidateRelease } from './release-choice';
import { channelsWithVersion, findReleaseById, findReleaseByVersion, listReleaseFiles, listReleaseRows, type ReleaseFileRow, type ReleaseRow } from './releases.repo';
import { describeRollout, type Rollout } from './rollout-rings';

export interface ReleaseFileSummary {
  name: string;
  platform: ReleasePlatform;
  size: number;
  sha512: string;
}

/** A release as admins see it (CLI, Fleet screen). */
export interface ReleaseSummary {
  id: string;
  channel: string;
  version: string;
  state: ReleaseState;
  rollout: Rollout;
  /** "canary + 1 of 3 sites + 10% of the rest", "all devices". */
  reach: string;
  notes: string | null;
  publishedBy: string | null;
  publishedAt: string;
  updatedAt: string;
  /** For a rollback: the release it replaced, and the app version its (earlier) files carry. */
  rollbackOf: string | null;
  carriesVersion: string | null;
  platforms: ReleasePlatform[];
  files: ReleaseFileSummary[];
}

export function rolloutOf(row: ReleaseRow): Rollout {
  return { stage: row.stage, siteOrder: row.site_order, sitesReached: row.sites_reached, percent: row.percent };
}

function summarize(row: ReleaseRow, files: ReleaseFileRow[]): ReleaseSummary {
  const own = files.filter((f) => f.release_id === row.id).map((f) => ({ name: f.name, platform: f.platform, size: Number(f.size), sha512: f.sha512 }));
  return {
    id: row.id, channel: row.channel, version: row.version, state: row.state, rollout: rolloutOf(row), reach: describeRollout(rolloutOf(row)),
    notes: row.notes, publishedBy: row.published_by, publishedAt: row.published_at.toISOString(), updatedAt: row.updated_at.toISOString(),
    rollbackOf: row.rollback_of, carriesVersion: row.carries_version,
    platforms: PLATFORMS.filter((p) => own.some((f) => f.platform === p)), files: own,
  };
}

/** The tenant's releases (of one channel, or all), newest publication first. */
export async function listReleases(db: Kysely<Database>, tenantId: string, channel?: string): Promise<ReleaseSummary[]> {
  const rows = await listReleaseRows(db, tenantId, channel);
  const files = await listReleaseFiles(db, rows.map((r) => r.id));
  return rows.map((row) => summarize(row, files));
}

export async function releaseSummary(db: Kysely<Database>, tenantId: string, releaseId: string): Promise<ReleaseSummary> {
  const row = await findReleaseById(db, tenantId, releaseId);
  // Another tenant's release is "not found", never "forbidden": its existence is not ours to know.
  if (!row) throw notFound(`No release "${releaseId}".`);
  return summarize(row, await listReleaseFiles(db, [row.id]));
}

/** A release of a channel as the feed chooses among them, with its files. */
export type ChannelRelease = CandidateRelease & { channel: string; notes: string | null; publishedAt: Date; files: ReleaseFileSummary[] };

async function loadChannelReleases(db: Kysely<Database>, tenantId: string, channel?: string): Promise<ChannelRelease[]> {
  const rows = await listReleaseRows(db, tenantId, channel);
  const files = await listReleaseFiles(db, rows.map((r) => r.id));
  return rows.map((row) => {
    const own = files.filter((f) => f.release_id === row.id).map((f) => ({ name: f.name, platform: f.platform, size: Number(f.size), sha512: f.sha512 }));
    return {
      id: row.id, channel: row.channel, version: row.version, state: row.state, rollout: rolloutOf(row), carriesVersion: row.carries_version,
      platforms: new Set(own.map((f) => f.platform)), notes: row.notes, publishedAt: row.published_at, files: own,
    };
  });
}

/** The channel's releases as the feed chooses among them (newest publication first). */
export function channelReleases(db: Kysely<Database>, tenantId: string, channel: string): Promise<ChannelRelease[]> {
  return loadChannelReleases(db, tenantId, channel);
}

/** Every release of the tenant, newest publication first (the Fleet screen works them all out at once). */
export function tenantReleases(db: Kysely<Database>, tenantId: string): Promise<ChannelRelease[]> {
  return loadChannelReleases(db, tenantId);
}

/** A semantic version in its canonical form, or a BAD_REQUEST saying what one looks like. */
export function requireVersion(text: string): string {
  const version = parseSemVer(text);
  if (!version) throw badRequest(`"${text}" is not a semantic version such as 1.4.0 or 1.5.0-beta.1.`);
  return version.text;
}

/**
 * The release of this version: on the channel given, else on the one channel that has it
 * (the CLI names releases by version).
 */
export async function resolveRelease(db: Kysely<Database>, tenantId: string, versionText: string, channel?: string): Promise<ReleaseRow> {
  const version = requireVersion(versionText);
  if (channel !== undefined) {
    const row = await findReleaseByVersion(db, tenantId, channel, version);
    if (!row) throw notFound(`No release ${version} on the ${channel} channel.`);
    return row;
  }
  const channels = await channelsWithVersion(db, tenantId, version);
  if (channels.length === 0) throw notFound(`No release ${version} on any channel.`);
  if (channels.length > 1) throw new AppError(ErrorCode.BadRequest, `Release ${version} is on ${channels.join(' and ')}: name the channel (--channel).`);
  return (await findReleaseByVersion(db, tenantId, channels[0]!, version))!;
}
