import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ReleaseFilesTable, ReleasePlatform, ReleasesTable, ReleaseStage, ReleaseState } from '../../db/fleet.schema';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export type ReleaseRow = Selectable<ReleasesTable> & { carries_version: string | null };
export type ReleaseFileRow = Selectable<ReleaseFilesTable>;

function releases(db: Db) {
  return db.selectFrom('releases')
    .leftJoin('releases as source', 'source.id', 'releases.source_release_id')
    .selectAll('releases')
    .select('source.version as carries_version');
}

export async function findReleaseById(db: Db, tenantId: string, id: string): Promise<ReleaseRow | undefined> {
  return releases(db).where('releases.tenant_id', '=', tenantId).where('releases.id', '=', id).executeTakeFirst();
}

export async function findReleaseByVersion(db: Db, tenantId: string, channel: string, version: string): Promise<ReleaseRow | undefined> {
  return releases(db).where('releases.tenant_id', '=', tenantId).where('releases.channel', '=', channel).where('releases.version', '=', version).executeTakeFirst();
}

/** The channels that hold a release of this version. */
export async function channelsWithVersion(db: Db, tenantId: string, version: string): Promise<string[]> {
  const rows = await db.selectFrom('releases').select('channel').where('tenant_id', '=', tenantId).where('version', '=', version).orderBy('channel').execute();
  return rows.map((r) => r.channel);
}

export async function listReleaseRows(db: Db, tenantId: string, channel?: string): Promise<ReleaseRow[]> {
  return releases(db).where('releases.tenant_id', '=', tenantId)
    .$if(channel !== undefined, (q) => q.where('releases.channel', '=', channel!))
    .orderBy('releases.published_at', 'desc').orderBy('releases.id').execute();
}

export async function listReleaseFiles(db: Db, releaseIds: string[]): Promise<ReleaseFileRow[]> {
  if (releaseIds.length === 0) return [];
  return db.selectFrom('release_files').selectAll().where('release_id', 'in', releaseIds).orderBy('release_id').orderBy('platform').orderBy('name').execute();
}

/** What each of these names already means in the tenant (a name always means the same bytes). */
export async function findFilesNamed(db: Db, tenantId: string, names: string[]): Promise<{ name: string; sha512: string; version: string; channel: string }[]> {
  if (names.length === 0) return [];
  return db.selectFrom('release_files').innerJoin('releases', 'releases.id', 'release_files.release_id')
    .select(['release_files.name', 'release_files.sha512', 'releases.version', 'releases.channel'])
    .where('release_files.tenant_id', '=', tenantId).where('release_files.name', 'in', names).execute();
}

/** The bytes a name stands for in the tenant (any release: block maps of older versions included). */
export async function findArtifact(db: Db, tenantId: string, name: string): Promise<{ sha512: string; size: number } | undefined> {
  const row = await db.selectFrom('release_files').select(['sha512', 'size']).where('tenant_id', '=', tenantId).where('name', '=', name).limit(1).executeTakeFirst();
  return row ? { sha512: row.sha512, size: Number(row.size) } : undefined;
}

/** Whether any release still lists a blob (before removing it from disk). */
export async function blobInUse(db: Db, tenantId: string, sha512: string): Promise<boolean> {
  const row = await db.selectFrom('release_files').select('name').where('tenant_id', '=', tenantId).where('sha512', '=', sha512).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertRelease(trx: Db, row: {
  id: string; tenantId: string; channel: string; version: string; state: ReleaseState;
  stage: ReleaseStage; siteOrder: string[]; sitesReached: number; percent: number;
  notes: string | null; publishedBy: string | null; rollbackOf?: string | null; sourceReleaseId?: string | null;
}): Promise<void> {
  await trx.insertInto('releases').values({
    id: row.id, tenant_id: row.tenantId, channel: row.channel, version: row.version, state: row.state, stage: row.stage,
    site_order: JSON.stringify(row.siteOrder), sites_reached: row.sitesReached, percent: row.percent, notes: row.notes,
    published_by: row.publishedBy, rollback_of: row.rollbackOf ?? null, source_release_id: row.sourceReleaseId ?? null,
  }).execute();
}

export async function insertReleaseFiles(trx: Db, tenantId: string, releaseId: string, files: { name: string; platform: ReleasePlatform; size: number; sha512: string }[]): Promise<void> {
  if (files.length === 0) return;
  await trx.insertInto('release_files').values(files.map((f) => ({ tenant_id: tenantId, release_id: releaseId, name: f.name, platform: f.platform, size: f.size, sha512: f.sha512 }))).execute();
}

export async function updateReleaseRollout(trx: Db, id: string, patch: {
  state?: ReleaseState; stage?: ReleaseStage; siteOrder?: string[]; sitesReached?: number; percent?: number;
}): Promise<void> {
  await trx.updateTable('releases').set({
    updated_at: sql`now()`,
    ...(patch.state === undefined ? {} : { state: patch.state }),
    ...(patch.stage === undefined ? {} : { stage: patch.stage }),
    ...(patch.siteOrder === undefined ? {} : { site_order: JSON.stringify(patch.siteOrder) }),
    ...(patch.sitesReached === undefined ? {} : { sites_reached: patch.sitesReached }),
    ...(patch.percent === undefined ? {} : { percent: patch.percent }),
  }).where('id', '=', id).execute();
}

/** The tenant's sites in their natural order (by code): the default order of the `sites` ring. */
export async function listSiteIds(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db.selectFrom('sites').select('id').where('tenant_id', '=', tenantId).orderBy('code').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Records that the feed offered the release to the device (first time only). */
export async function recordOffer(db: Db, tenantId: string, releaseId: string, deviceId: string): Promise<void> {
  await db.insertInto('release_offers').values({ tenant_id: tenantId, release_id: releaseId, device_id: deviceId })
    .onConflict((oc) => oc.columns(['release_id', 'device_id']).doNothing()).execute();
}

export async function offeredReleaseIds(db: Db, deviceId: string): Promise<string[]> {
  const rows = await db.selectFrom('release_offers').select('release_id').where('device_id', '=', deviceId).execute();
  return rows.map((r) => r.release_id);
}

/** Per release of the tenant, the devices it was offered to. */
export async function offersByRelease(db: Db, tenantId: string): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('release_offers').select(['release_id', 'device_id']).where('tenant_id', '=', tenantId).execute();
  const byRelease = new Map<string, string[]>();
  for (const r of rows) {
    const devices = byRelease.get(r.release_id);
    if (devices) devices.push(r.device_id);
    else byRelease.set(r.release_id, [r.device_id]);
  }
  return byRelease;
}
