import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { AppError, badRequest } from '../errors/app.error';
import {
  countSecrets, deleteSealedSecret, listTenantsWithStaleSecrets, lockStaleSecrets, readSealedSecret, upsertSealedSecret,
} from './integration-secrets.repo';
import type { SecretBox } from './secret-box';

// Integration credentials (Shopify tokens, Xero refresh tokens…) sealed at rest. The plaintext
// exists only between `open` and the integration client that uses it: never log it, never put it
// in an error or an audit entry.

const NAME = /^[a-z0-9][\w.:-]{0,99}$/i;

export interface SecretActor { tenantId: string; actorUserId?: string | null }

/** Seals and stores `value` under `name` (replacing any), and records who did it (never the value). */
export async function putSecret(db: Kysely<Database>, box: SecretBox, actor: SecretActor, name: string, value: string): Promise<void> {
  if (!NAME.test(name)) throw badRequest(`A secret name is 1–100 letters, digits, ".", ":", "_" or "-" (got "${name.slice(0, 100)}").`);
  if (value.length === 0) throw badRequest(`Secret ${name} cannot be empty.`);
  const sealed = box.seal(value);
  await db.transaction().execute(async (trx) => {
    await upsertSealedSecret(trx, { tenantId: actor.tenantId, name, keyId: box.currentKeyId, sealed });
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'secret.put', subject: `secret:${name}`, details: { keyId: box.currentKeyId } });
  });
}

/** The plaintext, or null when no such secret is stored. */
export async function getSecret(db: Kysely<Database>, box: SecretBox, tenantId: string, name: string): Promise<string | null> {
  const row = await readSealedSecret(db, tenantId, name);
  if (!row) return null;
  try {
    return box.open(row.sealed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(ErrorCode.Internal, `Secret ${name} of tenant ${tenantId} cannot be opened. ${reason}`);
  }
}

/** True when it existed. */
export async function deleteSecret(db: Kysely<Database>, actor: SecretActor, name: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await deleteSealedSecret(trx, actor.tenantId, name);
    if (deleted) await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: 'secret.deleted', subject: `secret:${name}` });
    return deleted;
  });
}

export interface ResealReport {
  /** Every stored secret. */
  total: number;
  /** Re-sealed with the current key now. */
  resealed: number;
  /** Sealed with a key that is no longer configured: they stay as they are until it is added back. */
  unreadable: { tenantId: string; name: string; keyId: string }[];
  currentKeyId: string;
}

/**
 * After a new key is put first in SECRETS_KEYS: re-seals every secret sealed with an older key,
 * one transaction per tenant with an audit entry, so the old key can then be removed. Safe to run
 * again (it finds nothing left) and alongside the API (rows are locked while re-sealed).
 */
export async function resealAll(db: Kysely<Database>, box: SecretBox): Promise<ResealReport> {
  const report: ResealReport = { total: await countSecrets(db), resealed: 0, unreadable: [], currentKeyId: box.currentKeyId };
  for (const tenantId of await listTenantsWithStaleSecrets(db, box.currentKeyId)) {
    await db.transaction().execute(async (trx) => {
      const names: string[] = [];
      for (const row of await lockStaleSecrets(trx, tenantId, box.currentKeyId)) {
        let plain: string;
        try {
          plain = box.open(row.sealed);
        } catch {
          report.unreadable.push({ tenantId, name: row.name, keyId: row.keyId });
          continue;
        }
        await upsertSealedSecret(trx, { tenantId, name: row.name, keyId: box.currentKeyId, sealed: box.seal(plain) });
        names.push(row.name);
      }
      if (names.length === 0) return;
      report.resealed += names.length;
      await appendAudit(trx, { tenantId, action: 'secrets.rotated', subject: `tenant:${tenantId}`, details: { keyId: box.currentKeyId, names } });
    });
  }
  return report;
}
