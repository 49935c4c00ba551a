import { ErrorCode } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { GENESIS_HASH, linkEntry, verifyChain, type AuditEntry, type ChainVerdict } from './audit-chain';
import {
  insertAuditEntry, listAuditedTenants, listRecentEntries, listTenantChain, lockTenantChain, nextAuditSeq, readAuditHead,
} from './audit.repo';

export interface AuditInput {
  tenantId: string;
  actorUserId?: string | null;
  actorDeviceId?: string | null;
  /** Dotted past tense: `device.revoked`, `count.approved`, `person.erased`. */
  action: string;
  /** What was acted on, as `<kind>:<id>` (`device:dev_1`, `user:usr_1`). */
  subject?: string | null;
  details?: Record<string, unknown>;
}

// Looks like an e-mail address: the one kind of personal data a caller is most likely to pass by mistake.
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/**
 * Appends an entry to the tenant's audit chain inside the caller's transaction, so the entry
 * exists exactly when the change it records commits. Appends of one tenant serialise on an
 * advisory lock until that transaction ends: keep the transaction short.
 *
 * Subject and details hold ids, counts and codes, never personal data (e-mail addresses, names,
 * typed counter names). Erasing a person then rewrites their rows elsewhere and leaves every
 * audit entry, and so the chain, untouched. An e-mail address in details is refused.
 */
export async function appendAudit(trx: Transaction<Database>, input: AuditInput): Promise<AuditEntry> {
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  const personal = findEmail(details) ?? (input.subject && EMAIL.test(input.subject) ? 'subject' : null);
  if (personal) {
    throw new AppError(ErrorCode.Internal, `Audit entry ${input.action} would store an e-mail address at ${personal}; audit entries hold ids only.`);
  }
  await lockTenantChain(trx, input.tenantId);
  const head = await readAuditHead(trx, input.tenantId);
  const entry = linkEntry(head?.lastHash ?? GENESIS_HASH, {
    seq: await nextAuditSeq(trx), tenantId: input.tenantId, at: new Date(),
    actorUserId: input.actorUserId ?? null, actorDeviceId: input.actorDeviceId ?? null,
    action: input.action, subject: input.subject ?? null, details,
  });
  await insertAuditEntry(trx, entry, { count: (head?.count ?? 0) + 1, lastSeq: entry.seq, lastHash: entry.hash });
  return entry;
}

function findEmail(value: unknown, path = 'details'): string | null {
  if (typeof value === 'string') return EMAIL.test(value) ? path : null;
  if (!value || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = findEmail(inner, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

export type TenantVerdict = ChainVerdict & { tenantId: string };

/** Verifies every tenant's chain against its head (or one tenant's), in tenant order. */
export async function verifyAudit(db: Kysely<Database>, tenantId?: string): Promise<TenantVerdict[]> {
  const tenants = tenantId ? [tenantId] : await listAuditedTenants(db);
  const verdicts: TenantVerdict[] = [];
  for (const tenant of tenants) {
    // Chain and head read in one snapshot, so an append landing in between is not taken for tampering.
    const verdict = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) =>
      verifyChain(await listTenantChain(trx, tenant), await readAuditHead(trx, tenant)));
    verdicts.push({ tenantId: tenant, ...verdict });
  }
  return verdicts;
}

export async function listAudit(db: Kysely<Database>, options: { tenantId?: string; limit: number }): Promise<AuditEntry[]> {
  return listRecentEntries(db, options);
}
