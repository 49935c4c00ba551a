import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { readSealedSecret, upsertSealedSecret } from '../../security/integration-secrets.repo';
import type { SecretBox } from '../../security/secret-box';
import type { XeroTokens } from './xero.schemas';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * One Xero consent (a "grant") reaches every organisation the admin picked, with ONE token pair:
 * each refresh rotates it, so per-organisation copies would kill each other. The tokens are kept
 * sealed per grant, `<grantId>:refresh_token` and `<grantId>:access_token`, and each Xero
 * integration names its grant in `settings.grantId`.
 */
export interface XeroGrant { tenantId: string; grantId: string }

export interface StoredAccessToken { token: string; expiresAt: Date }

const names = (grantId: string) => ({ refresh: `${grantId}:refresh_token`, access: `${grantId}:access_token` });

/**
 * The sealed refresh token, its row locked until the transaction ends: whoever holds it is the one
 * refreshing this grant, so two jobs never spend the same refresh token.
 */
export async function lockRefreshToken(trx: Transaction<Database>, grant: XeroGrant): Promise<string | null> {
  const row = await trx.selectFrom('integration_secrets').select('sealed')
    .where('tenant_id', '=', grant.tenantId).where('name', '=', names(grant.grantId).refresh)
    .forUpdate().executeTakeFirst();
  return row?.sealed ?? null;
}

export async function readAccessToken(db: Db, box: SecretBox, grant: XeroGrant): Promise<StoredAccessToken | null> {
  const row = await readSealedSecret(db, grant.tenantId, names(grant.grantId).access);
  if (!row) return null;
  const { token, expiresAt } = JSON.parse(box.open(row.sealed)) as { token: string; expiresAt: string };
  return { token, expiresAt: new Date(expiresAt) };
}

/** Both tokens of an answer, the refresh token first: it is the one that cannot be had again. */
export async function storeTokens(db: Db, box: SecretBox, grant: XeroGrant, tokens: XeroTokens, now: Date): Promise<void> {
  const { refresh, access } = names(grant.grantId);
  const expiresAt = new Date(now.getTime() + tokens.expires_in * 1000).toISOString();
  await upsertSealedSecret(db, { tenantId: grant.tenantId, name: refresh, keyId: box.currentKeyId, sealed: box.seal(tokens.refresh_token) });
  await upsertSealedSecret(db, { tenantId: grant.tenantId, name: access, keyId: box.currentKeyId, sealed: box.seal(JSON.stringify({ token: tokens.access_token, expiresAt })) });
}

/** Forgets a grant's tokens (no integration uses it any more). */
export async function deleteGrantTokens(db: Db, grant: XeroGrant): Promise<void> {
  const { refresh, access } = names(grant.grantId);
  await db.deleteFrom('integration_secrets').where('tenant_id', '=', grant.tenantId).where('name', 'in', [refresh, access]).execute();
}

/** A dead grant: every organisation connected through it waits for an admin to reconnect. */
export async function markGrantNeedsReauth(db: Db, grantId: string, reason: string): Promise<void> {
  await db.updateTable('integrations')
    .set({ status: 'needs_reauth', last_error: reason, last_error_at: new Date() })
    .where('vendor', '=', 'xero').where(sql<string>`settings->>'grantId'`, '=', grantId)
    .execute();
}

export async function countIntegrationsOfGrant(db: Db, grantId: string): Promise<number> {
  const { count } = await db.selectFrom('integrations').select((eb) => eb.fn.countAll<string>().as('count'))
    .where('vendor', '=', 'xero').where(sql<string>`settings->>'grantId'`, '=', grantId).executeTakeFirstOrThrow();
  return Number(count);
}
