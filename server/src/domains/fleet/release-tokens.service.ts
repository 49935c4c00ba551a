import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';

/**
 * A publish token is `rtok_<id>.<secret>`: the id finds the row, the secret (256 random bits) is
 * checked against its stored sha256. It is good for `POST /api/releases/upload` only, so a leaked
 * CI secret can publish a release (which still starts at the canary ring) and nothing else.
 */
const TOKEN = /^(rtok_[A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/;

export interface ReleaseTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Who an accepted token publishes for. */
export interface ReleasePublisher {
  tenantId: string;
  tokenId: string;
  /** The admin who created it (null: created with the CLI). */
  createdBy: string | null;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Whether a bearer value is shaped like a publish token (rather than a person's access token). */
export function isReleaseToken(bearer: string): boolean {
  return bearer.startsWith('rtok_');
}

function summary(row: { id: string; name: string; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }): ReleaseTokenSummary {
  return {
    id: row.id, name: row.name, createdAt: row.created_at.toISOString(), expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null, revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Creates a token (audited) and returns it whole: the only time its secret is seen. */
export async function createReleaseToken(db: Kysely<Database>, input: { tenantId: string; name: string; expiresDays?: number | null; actorUserId: string | null }, now = new Date()): Promise<ReleaseTokenSummary & { token: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw badRequest('Name the token (1–100 characters), e.g. after the repository that publishes with it.');
  const days = input.expiresDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) throw badRequest(`A token expires after 1 to 3650 days (got ${days}).`);
  const id = `rtok_${randomBytes(9).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = days === null ? null : new Date(now.getTime() + days * 86_400_000);
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('release_tokens')
      .values({ id, tenant_id: input.tenantId, name, secret_hash: hashOf(secret), created_by: input.actorUserId, expires_at: expiresAt })
      .returning(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at']).executeTakeFirstOrThrow();
    await appendAudit(trx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: 'release_token.created', subject: `release_token:${id}`, details: { expiresAt: expiresAt?.toISOString() ?? null } });
    return inserted;
  });
  return { ...summary(row), token: `${id}.${secret}` };
}

export async function listReleaseTokens(db: Kysely<Database>, tenantId: string): Promise<ReleaseTokenSummary[]> {
  const rows = await db.selectFrom('release_tokens').select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(summary);
}

/** Revokes a token at once (audited); revoking one already revoked changes nothing. */
export async function revokeReleaseToken(db: Kysely<Database>, tenantId: string, id: string, actorUserId: string | null): Promise<ReleaseTokenSummary> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('release_tokens').select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
      .where('id', '=', id).where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
    if (!row) throw notFound(`No release token "${id}"; \`releases token list\` shows them.`);
    if (row.revoked_at) return summary(row);
    const revoked = await trx.updateTable('release_tokens').set({ revoked_at: new Date() }).where('id', '=', id)
      .returning(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at']).executeTakeFirstOrThrow();
    await appendAudit(trx, { tenantId, actorUserId, action: 'release_token.revoked', subject: `release_token:${id}` });
    return summary(revoked);
  });
}

const REFUSED = 'This release token is not valid: mistyped, revoked or expired. Create another with `releases token create` on the server.';

/**
 * The publisher a token stands for, or UNAUTHORIZED. The comparison takes the same time whether
 * or not the id exists, and marks the token as used.
 */
export async function verifyReleaseToken(db: Kysely<Database>, bearer: string, now = new Date()): Promise<ReleasePublisher> {
  const match = TOKEN.exec(bearer);
  const row = match ? await db.selectFrom('release_tokens').select(['id', 'tenant_id', 'secret_hash', 'created_by', 'expires_at', 'revoked_at'])
    .where('id', '=', match[1]!).executeTakeFirst() : undefined;
  const expected = Buffer.from(row?.secret_hash ?? hashOf('no such token'), 'hex');
  const given = Buffer.from(hashOf(match?.[2] ?? ''), 'hex');
  const same = timingSafeEqual(expected, given);
  if (!row || !same || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) throw new AppError(ErrorCode.Unauthorized, REFUSED);
  await db.updateTable('release_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { tenantId: row.tenant_id, tokenId: row.id, createdBy: row.created_by };
}

/** Records which token published what (the release's own audit entry has no person to name). */
export async function auditTokenPublish(db: Kysely<Database>, publisher: ReleasePublisher, release: { id: string; channel: string; version: string }): Promise<void> {
  await db.transaction().execute((trx) => appendAudit(trx, {
    tenantId: publisher.tenantId, actorUserId: publisher.createdBy, action: 'release_token.published', subject: `release_token:${publisher.tokenId}`,
    details: { releaseId: release.id, channel: release.channel, version: release.version },
  }).then(() => undefined));
}
