import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import { AppError } from '../errors/app.error';
import { auditAccount } from './account-audit';
import { hashRefreshToken, newAccountId, newRefreshToken } from './account-ids';
import { normalizeEmail } from './accounts.service';
import type { AuthServices } from './auth-services';
import { decoyHash, verifyPassword } from './password-hash';
import { consumeRefreshToken, insertRefreshToken } from './refresh-tokens.repo';
import { grantsOf } from './role-grants.repo';
import { findSignInWithUser, insertSignIn, revokeSignIn } from './sign-ins.repo';
import { verifyTotp } from './totp';
import { clearFailedSignIns, findActiveUsersByEmail, recordFailedSignIn, type UserRow } from './users.repo';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const SIGN_IN_TTL_MS = 30 * 24 * 3_600_000;
// One message for an unknown email and a wrong password, so sign-in cannot tell who has an account.
const WRONG_CREDENTIALS = 'The email or password is not right.';

export interface SignInResult {
  accessToken: string;
  accessExpiresAt: string;
  refreshToken: string;
  signInId: string;
  user: { id: string; email: string; displayName: string };
  grants: RoleGrant[];
  mfa: boolean;
}

export interface SignInRequest {
  email: string;
  password: string;
  totpCode?: string;
  /** The enrolled device the request came from (its credential was checked), or null. */
  device: { deviceId: string; tenantId: string } | null;
}

/**
 * Password (and TOTP when enabled) to a new sign-in. Five failures in a row lock the account for
 * 15 minutes, during which even the right password is refused; a success clears the count.
 */
export async function signIn(auth: AuthServices, request: SignInRequest): Promise<SignInResult> {
  const now = auth.now();
  const user = await userSigningIn(auth, request);
  if (!user?.password_hash) {
    await verifyPassword(request.password, await decoyHash()); // the same work as for a real account
    throw new AppError(ErrorCode.Unauthorized, WRONG_CREDENTIALS);
  }
  if (user.locked_until && user.locked_until > now) throw locked(user.locked_until, now);
  if (!(await verifyPassword(request.password, user.password_hash))) {
    await failed(auth, user, now);
    throw new AppError(ErrorCode.Unauthorized, WRONG_CREDENTIALS);
  }
  let mfa = false;
  if (user.totp_enabled && user.totp_secret) {
    if (!request.totpCode?.trim()) {
      throw new AppError(ErrorCode.SecondFactorRequired, 'Enter the 6-digit code from your authenticator app.');
    }
    if (!verifyTotp(auth.secretBox().open(user.totp_secret), request.totpCode, now)) {
      await failed(auth, user, now);
      throw new AppError(ErrorCode.SecondFactorRequired, 'That authenticator code is not right; enter the current one.');
    }
    mfa = true;
  }
  await clearFailedSignIns(auth.db, user.id);
  const signInId = newAccountId('sin');
  const expiresAt = new Date(now.getTime() + SIGN_IN_TTL_MS);
  const refresh = newRefreshToken();
  await auth.db.transaction().execute(async (trx) => {
    await insertSignIn(trx, { id: signInId, tenantId: user.tenant_id, userId: user.id, deviceId: request.device?.deviceId ?? null, mfa, createdAt: now, expiresAt });
    await insertRefreshToken(trx, { hash: refresh.hash, signInId, expiresAt });
  });
  const access = await auth.tokens.issue({ userId: user.id, tenantId: user.tenant_id, signInId, mfa }, now);
  return {
    accessToken: access.token, accessExpiresAt: access.expiresAt.toISOString(), refreshToken: refresh.token, signInId,
    user: { id: user.id, email: user.email, displayName: user.display_name }, grants: await grantsOf(auth.db, user.id), mfa,
  };
}

/**
 * A new access token and a new refresh token for an unused refresh token. Each refresh token
 * works once: presented again it means someone else holds a copy, so the whole sign-in is revoked.
 */
export async function refresh(auth: AuthServices, refreshToken: string): Promise<SignInResult> {
  const now = auth.now();
  const consumed = await consumeRefreshToken(auth.db, hashRefreshToken(refreshToken), now);
  if (consumed.state === 'unknown') throw new AppError(ErrorCode.Unauthorized, 'This refresh token is not valid; sign in again.');
  if (consumed.state === 'reused') {
    await revokeSignIn(auth.db, consumed.signInId, now);
    throw new AppError(ErrorCode.Unauthorized, 'This refresh token was already used, so the sign-in was ended to be safe; sign in again.');
  }
  const session = await findSignInWithUser(auth.db, consumed.signInId);
  if (!session || session.revoked_at || session.expires_at <= now || consumed.expiresAt <= now) {
    throw new AppError(ErrorCode.Unauthorized, 'You were signed out; sign in again.');
  }
  if (session.removed_at) throw new AppError(ErrorCode.Unauthorized, 'This account was removed.');
  const next = newRefreshToken();
  await insertRefreshToken(auth.db, { hash: next.hash, signInId: session.id, expiresAt: session.expires_at });
  const access = await auth.tokens.issue({ userId: session.user_id, tenantId: session.tenant_id, signInId: session.id, mfa: session.mfa }, now);
  return {
    accessToken: access.token, accessExpiresAt: access.expiresAt.toISOString(), refreshToken: next.token, signInId: session.id,
    user: { id: session.user_id, email: session.email, displayName: session.display_name },
    grants: await grantsOf(auth.db, session.user_id), mfa: session.mfa,
  };
}

/** Ends the sign-in: its access tokens are refused from the next request, its refresh token too. */
export async function signOut(auth: AuthServices, signInId: string): Promise<void> {
  await revokeSignIn(auth.db, signInId, auth.now());
}

async function userSigningIn(auth: AuthServices, request: SignInRequest): Promise<UserRow | undefined> {
  const candidates = await findActiveUsersByEmail(auth.db, normalizeEmail(request.email), request.device?.tenantId ?? null);
  if (candidates.length > 1) {
    throw new AppError(ErrorCode.BadRequest, 'This email has accounts with several organisations; sign in from a station enrolled with yours.');
  }
  const [user] = candidates;
  return user?.provider === 'builtin' ? user : undefined;
}

async function failed(auth: AuthServices, user: UserRow, now: Date): Promise<void> {
  const lockedUntil = await auth.db.transaction().execute(async (trx) => {
    const until = await recordFailedSignIn(trx, user.id, MAX_FAILED_SIGN_INS, new Date(now.getTime() + LOCKOUT_MS));
    if (until) {
      await auditAccount(trx, {
        tenantId: user.tenant_id, actor: { userId: null }, action: 'user.locked', userId: user.id,
        details: { failures: MAX_FAILED_SIGN_INS, lockedUntil: until.toISOString() },
      });
    }
    return until;
  });
  if (lockedUntil) throw locked(lockedUntil, now);
}

function locked(until: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(ErrorCode.AccountLocked, `Too many failed sign-ins: this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds });
}
