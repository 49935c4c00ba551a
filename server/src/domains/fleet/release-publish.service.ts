import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ErrorCode } from '@capliquify/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { ReleasePlatform } from '../../db/fleet.schema';
import type { Database } from '../../db/schema';
import { AppError, badRequest } from '../../errors/app.error';
import { isBlockMap, isBuilderMetadata, isSafeArtifactName, platformOfArtifact } from '../../updates/artifact-platform';
import type { ArtifactStore } from '../../updates/artifact-store';
import { requireChannel } from './channels.service';
import { blobInUse, findFilesNamed, findReleaseByVersion, insertRelease, insertReleaseFiles, listSiteIds } from './releases.repo';
import { releaseSummary, requireVersion, type ReleaseSummary } from './releases.service';
import { INITIAL_ROLLOUT, promoteRollout, RingPromotionError, type RingPromotion } from './rollout-rings';

export interface PublishRequest {
  tenantId: string;
  channel: string;
  version: string;
  notes?: string | null;
  /** How far it rolls out at once; the canary ring when absent. */
  ring?: RingPromotion | null;
  actorUserId: string | null;
}

/** An artifact written to the store, not yet part of a release. */
export interface StagedArtifact {
  name: string;
  platform: ReleasePlatform;
  size: number;
  sha512: string;
}

export interface PublishResult {
  release: ReleaseSummary;
  /** false when the version was already on the channel and the files were added to it. */
  created: boolean;
  added: string[];
  /** Files the release already had, byte for byte (a publish run again). */
  unchanged: string[];
  /** electron-builder's own metadata (latest.yml…): the server writes the feed itself. */
  ignored: string[];
}

const RELEASE_LOCK_NAMESPACE = 0x52454c53; // "RELS"

/** The channel and canonical version, checked before any file is stored. */
export async function checkPublish(db: Kysely<Database>, request: PublishRequest): Promise<{ channel: string; version: string }> {
  const version = requireVersion(request.version);
  const channel = await requireChannel(db, request.tenantId, request.channel);
  const existing = await findReleaseByVersion(db, request.tenantId, channel, version);
  if (existing?.state === 'rolled_back') throw new AppError(ErrorCode.Conflict, `Release ${version} on ${channel} was rolled back; publish the fix as a new version.`);
  return { channel, version };
}

/**
 * Writes one uploaded file to the store, computing its sha512 and size (after signing: the only
 * order in which electron-updater's check passes). electron-builder's metadata files are drained
 * and ignored; anything else that is not an installer or a block map is refused.
 */
export async function stageArtifact(store: ArtifactStore, tenantId: string, name: string, source: Readable, maxBytes: number): Promise<StagedArtifact | { ignored: string }> {
  if (isBuilderMetadata(name)) {
    source.resume();
    return { ignored: name };
  }
  if (!isSafeArtifactName(name)) {
    source.resume();
    throw badRequest(`"${name}" cannot be a file name in the feed: letters, digits, spaces and . _ + ( ) - only, no folders.`);
  }
  const platform = platformOfArtifact(name);
  if (!platform) {
    source.resume();
    throw badRequest(`${name} is not an installer electron-updater can use (.exe, .dmg, .zip, .AppImage, .deb, .rpm, or a .blockmap of one).`);
  }
  const stored = await store.put(tenantId, source, maxBytes);
  return { name, platform, ...stored };
}

/** Records the staged files as the release (a new one at its first ring, or more files for one that exists). Audited. */
export async function recordRelease(db: Kysely<Database>, request: PublishRequest, staged: StagedArtifact[], ignored: string[] = []): Promise<PublishResult> {
  const { channel, version } = await checkPublish(db, request);
  const files = uniqueByName(staged);
  if (files.length === 0) throw badRequest('Add the installers to publish (and their .blockmap files for differential downloads).');
  const { tenantId } = request;
  const outcome = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${RELEASE_LOCK_NAMESPACE}::int4, hashtext(${`${tenantId}/${channel}/${version}`}))`.execute(trx);
    await refuseRenamedBytes(trx, tenantId, files);
    const existing = await findReleaseByVersion(trx, tenantId, channel, version);
    if (existing?.state === 'rolled_back') throw new AppError(ErrorCode.Conflict, `Release ${version} on ${channel} was rolled back; publish the fix as a new version.`);
    const owned = new Set((await findFilesNamed(trx, tenantId, files.map((f) => f.name))).filter((f) => f.channel === channel && f.version === version).map((f) => f.name));
    const added = files.filter((f) => !owned.has(f.name));
    const unchanged = files.filter((f) => owned.has(f.name)).map((f) => f.name);
    let releaseId = existing?.id;
    if (!releaseId) {
      if (!files.some((f) => !isBlockMap(f.name))) throw badRequest('A new release needs at least one installer, not only block maps.');
      releaseId = `rel_${randomBytes(9).toString('base64url')}`;
      const rollout = request.ring ? await firstRollout(trx, tenantId, request.ring) : INITIAL_ROLLOUT;
      await insertRelease(trx, {
        id: releaseId, tenantId, channel, version, state: rollout.stage === 'all' ? 'complete' : 'rolling', stage: rollout.stage,
        siteOrder: rollout.siteOrder, sitesReached: rollout.sitesReached, percent: rollout.percent, notes: request.notes ?? null, publishedBy: request.actorUserId,
      });
    }
    await insertReleaseFiles(trx, tenantId, releaseId, added);
    if (added.length > 0) {
      await appendAudit(trx, {
        tenantId, actorUserId: request.actorUserId, action: existing ? 'release.files_added' : 'release.published', subject: `release:${releaseId}`,
        details: { channel, version, files: added.map((f) => ({ name: f.name, size: f.size, sha512: f.sha512 })) },
      });
    }
    return { releaseId, created: !existing, added: added.map((f) => f.name), unchanged };
  });
  return { release: await releaseSummary(db, tenantId, outcome.releaseId), created: outcome.created, added: outcome.added, unchanged: outcome.unchanged, ignored };
}

/** Removes blobs this publication wrote that no release lists (it failed, or they were refused). */
export async function discardStaged(db: Kysely<Database>, store: ArtifactStore, tenantId: string, staged: StagedArtifact[]): Promise<void> {
  for (const file of staged) {
    if (!(await blobInUse(db, tenantId, file.sha512))) await store.remove(tenantId, file.sha512);
  }
}

/** Publishes files read from disk or any other source (the CLI): stage each, record, clean up on failure. */
export async function publishRelease(db: Kysely<Database>, store: ArtifactStore, request: PublishRequest, files: { name: string; open(): Readable }[], maxBytes: number): Promise<PublishResult> {
  await checkPublish(db, request);
  const staged: StagedArtifact[] = [];
  const ignored: string[] = [];
  try {
    for (const file of files) {
      const result = await stageArtifact(store, request.tenantId, file.name, file.open(), maxBytes);
      if ('ignored' in result) ignored.push(result.ignored);
      else staged.push(result);
    }
    return await recordRelease(db, request, staged, ignored);
  } catch (error) {
    await discardStaged(db, store, request.tenantId, staged);
    throw error;
  }
}

function uniqueByName(staged: StagedArtifact[]): StagedArtifact[] {
  const byName = new Map<string, StagedArtifact>();
  for (const file of staged) {
    const seen = byName.get(file.name);
    if (seen && seen.sha512 !== file.sha512) throw badRequest(`Two different files are both named ${file.name}.`);
    byName.set(file.name, file);
  }
  return [...byName.values()];
}

// The feed serves files by name: a name published once means those bytes for good, or a device
// half-way through a download would be served different bytes than the hash it was given.
async function refuseRenamedBytes(trx: Transaction<Database>, tenantId: string, files: StagedArtifact[]): Promise<void> {
  const known = await findFilesNamed(trx, tenantId, files.map((f) => f.name));
  for (const file of files) {
    const clash = known.find((k) => k.name === file.name && k.sha512 !== file.sha512);
    if (clash) {
      throw new AppError(ErrorCode.Conflict, `A different ${file.name} was already published (release ${clash.version} on ${clash.channel}); a file name always means the same bytes: build it under a new version.`);
    }
  }
}

async function firstRollout(trx: Transaction<Database>, tenantId: string, ring: RingPromotion) {
  try {
    return promoteRollout(INITIAL_ROLLOUT, ring, await listSiteIds(trx, tenantId));
  } catch (error) {
    if (error instanceof RingPromotionError) throw badRequest(error.message);
    throw error;
  }
}
