// Built-in accounts for the end-to-end tests, made the way an administrator makes them: the
// server's account service (hashed password, role grants), and an authenticator enrolled through
// the server's own auth API, so sign-ins from a station go through every real check.
import type { Role } from '@capliquify/shared';
import { createUser, grantRole, revokeRole } from '../../../server/src/auth/accounts.service';
import { base32Decode, totpAt } from '../../../server/src/auth/totp';
import { SITE, TENANT, type TestServer } from './sync-server';

export interface Account {
  userId: string;
  email: string;
  password: string;
  displayName: string;
  role: Role;
  /** The authenticator's secret (base32) when the account has one; null otherwise. */
  totpSecret: string | null;
}

export interface AccountRequest {
  displayName: string;
  role: Role;
  /** The site of the grant (null: every site); the fixture's site unless told. */
  siteId?: string | null;
  /** Enrol an authenticator, so sign-ins need its code and count as second factor. */
  authenticator?: boolean;
}

/** The code the account's authenticator app shows now. */
export function authenticatorCode(account: Pick<Account, 'email' | 'totpSecret'>): string {
  if (!account.totpSecret) throw new Error(`${account.email} has no authenticator`);
  return totpAt(base32Decode(account.totpSecret), Date.now() / 1000);
}

/** Calls a procedure of the server's tRPC API over HTTP, as any client would. */
async function callServer<T>(server: TestServer, path: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input ?? {}),
  });
  const body = await response.json() as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path} failed: ${body.error?.message ?? response.status}`);
  return body.result.data;
}

export async function createAccount(server: TestServer, request: AccountRequest): Promise<Account> {
  const slug = request.displayName.toLowerCase().replace(/[^a-z]+/g, '.');
  const email = `${slug}@plant.capliquify.test`;
  const password = `correct horse ${slug}`;
  const user = await createUser(server.db(), { tenantId: TENANT, email, displayName: request.displayName, password }, { userId: null });
  const account: Account = { userId: user.id, email, password, displayName: request.displayName, role: request.role, totpSecret: null };
  await grantRole(server.db(), { tenantId: TENANT, userId: user.id, siteId: request.siteId === undefined ? SITE : request.siteId, role: request.role }, { userId: null });
  if (request.authenticator) {
    const { accessToken } = await callServer<{ accessToken: string }>(server, 'auth.signIn', { email: account.email, password: account.password });
    const { secret } = await callServer<{ secret: string }>(server, 'auth.beginTotp', {}, accessToken);
    account.totpSecret = secret;
    await callServer(server, 'auth.confirmTotp', { code: authenticatorCode(account) }, accessToken);
  }
  return account;
}

/** An administrator takes the person's role at the fixture's site away (their sign-ins stay). */
export async function revokeSiteRole(server: TestServer, account: Account): Promise<void> {
  await revokeRole(server.db(), { tenantId: TENANT, userId: account.userId, siteId: SITE }, { userId: null });
}
