import { ErrorCode, roleSchema, type Role, type RoleGrant } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { AppError, badRequest, notFound } from '../errors/app.error';
import { auditAccount } from './account-audit';
import { newAccountId } from './account-ids';
import { hashPassword } from './password-hash';
import { deleteGrant, grantsOfUsers, siteOfTenant, upsertGrant } from './role-grants.repo';
import { revokeSignInsOfUser } from './sign-ins.repo';
import { findUser, findUserByEmail, insertUser, listActiveUsers, markUserRemoved, type UserRow } from './users.repo';

export const MIN_PASSWORD_LENGTH = 12;
// Long enough for any passphrase or manager-made password; short enough that hashing is no DoS.
const MAX_PASSWORD_LENGTH = 1_024;

/** Who is changing accounts: a signed-in admin, or the operator at the CLI (null). */
export type Actor = { userId: string | null; deviceId?: string | null };

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  provider: 'builtin' | 'clerk';
  totpEnabled: boolean;
  createdAt: string;
  grants: RoleGrant[];
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailSchema = z.email();

export async function createUser(
  db: Kysely<Database>,
  input: { tenantId: string; email: string; displayName: string; password: string; grant?: { siteId: string | null; role: Role } },
  actor: Actor,
  now: Date = new Date(),
): Promise<UserSummary> {
  const email = normalizeEmail(input.email);
  const displayName = input.displayName.trim();
  if (!emailSchema.safeParse(email).success) throw new AppError(ErrorCode.ValidationFailed, `"${input.email}" is not an email address.`);
  if (!displayName) throw new AppError(ErrorCode.ValidationFailed, 'A display name is needed (how the person appears to others).');
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(ErrorCode.ValidationFailed, `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError(ErrorCode.ValidationFailed, `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  // Hashed before the transaction: ~100 ms of CPU should not hold a connection.
  const passwordHash = await hashPassword(input.password);
  const id = newAccountId('usr');
  await db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, input.tenantId, email);
    if (existing) {
      throw new AppError(ErrorCode.Conflict, existing.removed_at
        ? `${email} belonged to a removed account; use another email address.`
        : `A user with the email ${email} already exists.`);
    }
    await insertUser(trx, { id, tenantId: input.tenantId, email, displayName, passwordHash, createdAt: now });
    await auditAccount(trx, { tenantId: input.tenantId, actor, action: 'user.created', userId: id });
    // The first role in the same transaction: a bad site leaves no half-made account behind.
    if (input.grant) {
      const { siteId } = input.grant;
      const role = roleSchema.parse(input.grant.role);
      if (siteId !== null && !(await siteOfTenant(trx, input.tenantId, siteId))) throw notFound(`No site "${siteId}".`);
      await upsertGrant(trx, { id: newAccountId('grt'), tenantId: input.tenantId, userId: id, siteId, role, grantedBy: actor.userId, at: now });
      await auditAccount(trx, { tenantId: input.tenantId, actor, action: 'user.role_granted', userId: id, details: { siteId, role } });
    }
  });
  return { id, email, displayName, provider: 'builtin', totpEnabled: false, createdAt: now.toISOString(), grants: input.grant ? [input.grant] : [] };
}

/** The tenant's people that are not removed, by email, with their grants. */
export async function listUsers(db: Kysely<Database>, tenantId: string): Promise<UserSummary[]> {
  const users = await listActiveUsers(db, tenantId);
  const grants = await grantsOfUsers(db, users.map((u) => u.id));
  return users.map((user) => summary(user, grants.get(user.id) ?? []));
}

/** An active user of the tenant by email (the CLI names people by email); NOT_FOUND otherwise. */
export async function activeUserByEmail(db: Kysely<Database>, tenantId: string, email: string): Promise<UserRow> {
  const user = await findUserByEmail(db, tenantId, normalizeEmail(email));
  if (!user || user.removed_at) throw notFound(`No user with the email ${normalizeEmail(email)}.`);
  return user;
}

/** The signed-in person as they see themselves (`auth.me`). */
export async function userProfile(db: Kysely<Database>, userId: string): Promise<{ id: string; email: string; displayName: string; totpEnabled: boolean }> {
  const user = await findUser(db, userId);
  if (!user) throw notFound('This account no longer exists.');
  return { id: user.id, email: user.email, displayName: user.display_name, totpEnabled: user.totp_enabled };
}

/** Gives the role at one site (null: every site); a grant already there is replaced. */
export async function grantRole(
  db: Kysely<Database>,
  input: { tenantId: string; userId: string; siteId: string | null; role: Role },
  actor: Actor,
  now: Date = new Date(),
): Promise<RoleGrant[]> {
  const role = roleSchema.parse(input.role);
  return db.transaction().execute(async (trx) => {
    const user = await activeUser(trx, input.tenantId, input.userId);
    if (input.siteId !== null && !(await siteOfTenant(trx, input.tenantId, input.siteId))) throw notFound(`No site "${input.siteId}".`);
    await upsertGrant(trx, { id: newAccountId('grt'), tenantId: input.tenantId, userId: user.id, siteId: input.siteId, role, grantedBy: actor.userId, at: now });
    await auditAccount(trx, { tenantId: input.tenantId, actor, action: 'user.role_granted', userId: user.id, details: { siteId: input.siteId, role } });
    return (await grantsOfUsers(trx, [user.id])).get(user.id) ?? [];
  });
}

/** Takes back the grant at one site (null: the every-site grant); NOT_FOUND when there is none. */
export async function revokeRole(
  db: Kysely<Database>,
  input: { tenantId: string; userId: string; siteId: string | null },
  actor: Actor,
): Promise<RoleGrant[]> {
  return db.transaction().execute(async (trx) => {
    const user = await activeUser(trx, input.tenantId, input.userId);
    const role = await deleteGrant(trx, user.id, input.siteId);
    if (role === null) throw notFound(`${user.email} has no role ${input.siteId === null ? 'at all sites' : `at site "${input.siteId}"`}.`);
    await auditAccount(trx, { tenantId: input.tenantId, actor, action: 'user.role_revoked', userId: user.id, details: { siteId: input.siteId, role } });
    return (await grantsOfUsers(trx, [user.id])).get(user.id) ?? [];
  });
}

/**
 * Removes a person: the account can no longer sign in, and every sign-in is revoked in the same
 * transaction. Access tokens are checked against the sign-in and user rows on every request, so
 * the very next request with a token issued before is refused. The row stays for the audit trail.
 */
export async function removeUser(
  db: Kysely<Database>,
  input: { tenantId: string; userId: string },
  actor: Actor,
  now: Date = new Date(),
): Promise<{ signInsRevoked: number }> {
  if (actor.userId === input.userId) throw badRequest('You cannot remove your own account; ask another administrator.');
  return db.transaction().execute(async (trx) => {
    const user = await activeUser(trx, input.tenantId, input.userId);
    await markUserRemoved(trx, user.id, now);
    const signInsRevoked = await revokeSignInsOfUser(trx, user.id, now);
    await auditAccount(trx, { tenantId: input.tenantId, actor, action: 'user.removed', userId: user.id, details: { signInsRevoked } });
    return { signInsRevoked };
  });
}

async function activeUser(db: Kysely<Database>, tenantId: string, userId: string): Promise<UserRow> {
  const user = await findUser(db, userId);
  if (!user || user.tenant_id !== tenantId || user.removed_at) throw notFound(`No user "${userId}".`);
  return user;
}

export function summary(user: UserRow, grants: RoleGrant[]): UserSummary {
  return {
    id: user.id, email: user.email, displayName: user.display_name, provider: user.provider,
    totpEnabled: user.totp_enabled, createdAt: user.created_at.toISOString(), grants,
  };
}
