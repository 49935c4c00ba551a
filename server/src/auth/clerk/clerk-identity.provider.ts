import { randomBytes } from 'node:crypto';
import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../errors/app.error';
import type { IdentityProvider, Principal } from '../principal';
import { passedSecondFactorRecently, roleForClerkOrgRole } from './clerk-grants';
import {
  createClerkSessionVerifier, type ClerkSession, type ClerkVerifierConfig, type ClerkVerifierOptions,
} from './clerk-session.verifier';
import { emailTakenInTenant, findClerkUser, findTenantIdByClerkOrg, insertClerkUser, listRoleGrants, type ClerkUserRow } from './clerk-users.repo';

const unauthorized = (message: string) => new AppError(ErrorCode.Unauthorized, message);

/**
 * Signs people in with Clerk session tokens. The active Clerk organisation picks the tenant
 * (`tenants.clerk_org_id`); the person gets a `users` row on first sign-in. User state (removal,
 * grants) is read on every call, never cached, so removing someone takes effect on their next
 * request.
 */
export function createClerkIdentityProvider(
  db: Kysely<Database>,
  config: ClerkVerifierConfig,
  options: ClerkVerifierOptions = {},
): IdentityProvider {
  const verifier = createClerkSessionVerifier(config, options);

  return {
    kind: 'clerk',
    async authenticate(token): Promise<Principal> {
      const session = await verifier.verify(token);
      if (!session.orgId) throw unauthorized('No active organisation in this Clerk session: choose one and sign in again');
      const tenantId = await findTenantIdByClerkOrg(db, session.orgId);
      if (!tenantId) throw unauthorized(`Clerk organisation ${session.orgId} is not connected to CapLiquify (organisation not connected)`);
      const user = await findOrCreateUser(db, tenantId, session);
      if (user.removed) throw unauthorized('This account was removed');
      if (user.tenant_id !== tenantId) {
        // One users row per Clerk user (unique provider + external_id): a person acts for the
        // tenant they first signed in to, and may not reach another through a second organisation.
        throw unauthorized('This Clerk user belongs to another organisation in CapLiquify');
      }
      return {
        userId: user.id,
        tenantId,
        provider: 'clerk',
        signInId: session.sessionId,
        mfa: passedSecondFactorRecently(session.secondFactorAgeMinutes),
        grants: [...orgGrant(session.orgRole), ...(await listRoleGrants(db, tenantId, user.id))],
      };
    },
  };
}

function orgGrant(orgRole: string | null): RoleGrant[] {
  const role = roleForClerkOrgRole(orgRole);
  return role ? [{ siteId: null, role }] : [];
}

async function findOrCreateUser(db: Kysely<Database>, tenantId: string, session: ClerkSession): Promise<ClerkUserRow> {
  const existing = await findClerkUser(db, session.userId);
  if (existing) return existing;
  // Clerk's default session token has no email; a session token template can add `email` and
  // `name`. The `.invalid` domain (RFC 2606) can never receive mail by mistake.
  const email = session.email?.trim().toLowerCase() || `${session.userId.toLowerCase()}@users.clerk.invalid`;
  const displayName = session.name?.trim() || email;
  await insertClerkUser(db, { id: newUserId(), tenantId, clerkUserId: session.userId, email, displayName });
  const created = await findClerkUser(db, session.userId);
  if (created) return created;
  if (await emailTakenInTenant(db, tenantId, email)) {
    // Linking to an existing (e.g. built-in) account by email alone would let whoever controls
    // that address in Clerk take the account over; an admin decides instead.
    throw unauthorized(`An account with the email ${email} already exists in this organisation; ask an admin to remove it first`);
  }
  throw new AppError(ErrorCode.Internal, 'Could not create the user for this Clerk session');
}

// Same shape as built-in accounts' ids (`usr_` and 96 random bits).
function newUserId(): string {
  return `usr_${randomBytes(12).toString('base64url')}`;
}
