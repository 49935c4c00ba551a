import { randomUUID } from 'node:crypto';
import type { CommandActor, RoleGrant } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { hashPassword } from '../src/auth/password-hash';
import type { Database } from '../src/db/schema';

// People for tests, written straight into the database: no password hashing, no sign-in round
// trip. What the server checks when it applies a command is all real (users, grants, sign-ins).

export interface PersonOptions {
  tenantId?: string;
  displayName?: string;
  email?: string;
  /** Every site as admin unless told. */
  grants?: RoleGrant[];
  /** Lets them sign in through `auth.signIn` (hashed for real: tens of milliseconds); none unless given. */
  password?: string;
}

export interface TestPerson { userId: string; tenantId: string; displayName: string; email: string; grants: RoleGrant[] }

/** A person of the tenant with these role grants (without `password` they cannot sign in by themselves). */
export async function insertPerson(db: Kysely<Database>, options: PersonOptions = {}): Promise<TestPerson> {
  const { tenantId = 'tnt_demo', displayName = 'Test Admin', grants = [{ siteId: null, role: 'admin' }], password } = options;
  const userId = `usr_${randomUUID()}`;
  const email = options.email ?? `${userId}@people.capliquify.test`;
  const passwordHash = password === undefined ? null : await hashPassword(password);
  await db.insertInto('users').values({ id: userId, tenant_id: tenantId, email, display_name: displayName, password_hash: passwordHash }).execute();
  if (grants.length > 0) {
    await db.insertInto('role_grants').values(grants.map((g) => ({ id: randomUUID(), tenant_id: tenantId, user_id: userId, site_id: g.siteId, role: g.role }))).execute();
  }
  return { userId, tenantId, displayName, email, grants };
}

export interface SignInOptions {
  /** Whether the sign-in passed a second factor; true unless told, so approvals pass. */
  mfa?: boolean;
  expiresAt?: Date;
}

/** A sign-in of `person` bound to `deviceId` (null: a browser sign-in), as `auth.signIn` makes one. */
export async function insertSignIn(db: Kysely<Database>, person: Pick<TestPerson, 'userId' | 'tenantId'>, deviceId: string | null, options: SignInOptions = {}): Promise<string> {
  const { mfa = true, expiresAt = new Date(Date.now() + 30 * 24 * 3_600_000) } = options;
  const id = `sgn_${randomUUID()}`;
  await db.insertInto('sign_ins').values({ id, tenant_id: person.tenantId, user_id: person.userId, device_id: deviceId, mfa, expires_at: expiresAt }).execute();
  return id;
}

export interface SignedInPerson extends TestPerson { actor: CommandActor; mfa: boolean }

/**
 * A new person signed in on the device (of the device's tenant unless told): the actor their
 * commands carry. An admin of every site with a second factor unless `grants` / `mfa` say otherwise.
 */
export async function signInOnDevice(db: Kysely<Database>, deviceId: string, options: PersonOptions & SignInOptions = {}): Promise<SignedInPerson> {
  const device = await db.selectFrom('devices').select('tenant_id').where('id', '=', deviceId).executeTakeFirstOrThrow();
  const person = await insertPerson(db, { tenantId: device.tenant_id, ...options });
  const signInId = await insertSignIn(db, person, deviceId, options);
  return { ...person, actor: { userId: person.userId, signInId }, mfa: options.mfa ?? true };
}
