import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';
import { compareVersions, nextVersion, parseSemVer } from '../../updates/semver';
import { requireChannel } from './channels.service';
import { findReleaseById, findReleaseByVersion, insertRelease, insertReleaseFiles, listReleaseFiles, listReleaseRows, listSiteIds, updateReleaseRollout, type ReleaseRow } from './releases.repo';
import { releaseSummary, requireVersion, rolloutOf, type ReleaseSummary } from './releases.service';
import { INITIAL_ROLLOUT, promoteRollout, RingPromotionError, type RingPromotion, type Rollout } from './rollout-rings';

interface Actor {
  tenantId: string;
  actorUserId: string | null;
}

/** Runs `work` on the release, locked for the transaction; NOT_FOUND for another tenant's. */
async function withRelease<T>(db: Kysely<Database>, actor: Actor, releaseId: string, work: (trx: Transaction<Database>, row: ReleaseRow) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('releases').select('id').where('id', '=', releaseId).where('tenant_id', '=', actor.tenantId).forUpdate().executeTakeFirst();
    const row = await findReleaseById(trx, actor.tenantId, releaseId);
    if (!row) throw notFound(`No release "${releaseId}".`);
    return work(trx, row);
  });
}

function refuseRolledBack(row: ReleaseRow): void {
  if (row.state === 'rolled_back') throw new AppError(ErrorCode.Conflict, `Release ${row.version} on ${row.channel} was rolled back; it cannot roll out again.`);
}

/** Widens a release's rollout to the next ring (audited). A paused release must be resumed first. */
export async function promoteRelease(db: Kysely<Database>, actor: Actor, releaseId: string, promotion: RingPromotion): Promise<ReleaseSummary> {
  await withRelease(db, actor, releaseId, async (trx, row) => {
    refuseRolledBack(row);
    if (row.state === 'paused') throw new AppError(ErrorCode.Conflict, `Release ${row.version} on ${row.channel} is paused; resume it before widening it.`);
    let next: Rollout;
    try {
      next = promoteRollout(rolloutOf(row), promotion, await listSiteIds(trx, actor.tenantId));
    } catch (error) {
      if (error instanceof RingPromotionError) throw new AppError(ErrorCode.Conflict, error.message);
      throw error;
    }
    if (JSON.stringify(next) === JSON.stringify(rolloutOf(row))) return;
    await updateReleaseRollout(trx, row.id, { ...next, state: next.stage === 'all' ? 'complete' : 'rolling' });
    await appendAudit(trx, {
      tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'release.promoted', subject: `release:${row.id}`,
      details: { channel: row.channel, version: row.version, from: rolloutOf(row), to: next },
    });
  });
  return releaseSummary(db, actor.tenantId, releaseId);
}

/** Stops new devices from taking the release; devices already offered it or running it keep it. */
export async function pauseRelease(db: Kysely<Database>, actor: Actor, releaseId: string): Promise<ReleaseSummary> {
  await withRelease(db, actor, releaseId, async (trx, row) => {
    refuseRolledBack(row);
    if (row.state === 'paused') return;
    await updateReleaseRollout(trx, row.id, { state: 'paused' });
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'release.paused', subject: `release:${row.id}`, details: { channel: row.channel, version: row.version, was: row.state } });
  });
  return releaseSummary(db, actor.tenantId, releaseId);
}

export async function resumeRelease(db: Kysely<Database>, actor: Actor, releaseId: string): Promise<ReleaseSummary> {
  await withRelease(db, actor, releaseId, async (trx, row) => {
    refuseRolledBack(row);
    if (row.state !== 'paused') return;
    await updateReleaseRollout(trx, row.id, { state: row.stage === 'all' ? 'complete' : 'rolling' });
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'release.resumed', subject: `release:${row.id}`, details: { channel: row.channel, version: row.version } });
  });
  return releaseSummary(db, actor.tenantId, releaseId);
}

/**
 * What electron-updater supports as a rollback (it never installs an older version by default):
 * the bad release stops for good, and the previous good build's files are published again as a
 * version above every version of the channel, to every device at once. The devices that took the
 * bad release update to it; a device still running the previous build is not offered it (see
 * release-choice.ts). `version` overrides the version chosen (it must be higher than all).
 */
export async function rollbackRelease(db: Kysely<Database>, actor: Actor, releaseId: string, version?: string): Promise<{ rolledBack: ReleaseSummary; replacement: ReleaseSummary }> {
  const replacementId = `rel_${randomBytes(9).toString('base64url')}`;
  await withRelease(db, actor, releaseId, async (trx, bad) => {
    refuseRolledBack(bad);
    const channel = await listReleaseRows(trx, actor.tenantId, bad.channel);
    const previous = channel
      .filter((r) => r.state !== 'rolled_back' && compareVersions(r.version, bad.version) < 0)
      .sort((a, b) => compareVersions(b.version, a.version))[0];
    if (!previous) throw new AppError(ErrorCode.Conflict, `No earlier release on ${bad.channel} to go back to from ${bad.version}: pause it and publish a fixed version instead.`);
    const highest = channel.map((r) => r.version).sort(compareVersions).at(-1)!;
    const target = version === undefined ? nextVersion(parseSemVer(highest)!) : requireVersion(version);
    if (compareVersions(target, highest) <= 0) throw badRequest(`The rollback must carry a version above ${highest}, the highest on ${bad.channel} (got ${target}).`);
    const files = await listReleaseFiles(trx, [previous.id]);
    await updateReleaseRollout(trx, bad.id, { state: 'rolled_back' });
    await insertRelease(trx, {
      id: replacementId, tenantId: actor.tenantId, channel: bad.channel, version: target, state: 'complete', stage: 'all', siteOrder: [], sitesReached: 0, percent: 100,
      notes: `Rollback of ${bad.version}: the ${previous.carries_version ?? previous.version} build again.`, publishedBy: actor.actorUserId,
      rollbackOf: bad.id, sourceReleaseId: previous.source_release_id ?? previous.id,
    });
    await insertReleaseFiles(trx, actor.tenantId, replacementId, files.map((f) => ({ name: f.name, platform: f.platform, size: Number(f.size), sha512: f.sha512 })));
    await appendAudit(trx, {
      tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'release.rolled_back', subject: `release:${bad.id}`,
      details: { channel: bad.channel, version: bad.version, replacement: replacementId, replacementVersion: target, restores: previous.id },
    });
  });
  return { rolledBack: await releaseSummary(db, actor.tenantId, releaseId), replacement: await releaseSummary(db, actor.tenantId, replacementId) };
}

/** Publishes the same build on another channel (beta → stable), starting at its canary ring. Audited. */
export async function copyReleaseToChannel(db: Kysely<Database>, actor: Actor, releaseId: string, channelName: string): Promise<ReleaseSummary> {
  const channel = await requireChannel(db, actor.tenantId, channelName);
  const copyId = `rel_${randomBytes(9).toString('base64url')}`;
  await withRelease(db, actor, releaseId, async (trx, source) => {
    refuseRolledBack(source);
    if (await findReleaseByVersion(trx, actor.tenantId, channel, source.version)) throw new AppError(ErrorCode.Conflict, `Release ${source.version} is already on ${channel}.`);
    await insertRelease(trx, {
      id: copyId, tenantId: actor.tenantId, channel, version: source.version, state: 'rolling', ...INITIAL_ROLLOUT,
      notes: source.notes, publishedBy: actor.actorUserId, sourceReleaseId: source.source_release_id,
    });
    const files = await listReleaseFiles(trx, [source.id]);
    await insertReleaseFiles(trx, actor.tenantId, copyId, files.map((f) => ({ name: f.name, platform: f.platform, size: Number(f.size), sha512: f.sha512 })));
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'release.copied', subject: `release:${copyId}`, details: { from: source.id, channel, version: source.version } });
  });
  return releaseSummary(db, actor.tenantId, copyId);
}
