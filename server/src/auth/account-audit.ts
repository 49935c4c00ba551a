import type { Transaction } from 'kysely';
import { appendAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import type { Actor } from './accounts.service';

export type AccountAction = 'user.created' | 'user.role_granted' | 'user.role_revoked' | 'user.removed' | 'user.totp_enabled' | 'user.locked';

/**
 * One account event in the tenant's audit log, in the transaction that makes the change, so the
 * entry exists exactly when the change does. Details carry ids and roles only: no email or name.
 */
export async function auditAccount(
  trx: Transaction<Database>,
  entry: { tenantId: string; actor: Actor; action: AccountAction; userId: string; details?: Record<string, unknown> },
): Promise<void> {
  await appendAudit(trx, {
    tenantId: entry.tenantId, actorUserId: entry.actor.userId, actorDeviceId: entry.actor.deviceId ?? null,
    action: entry.action, subject: `user:${entry.userId}`, details: entry.details,
  });
}
