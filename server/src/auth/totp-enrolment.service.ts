import { ErrorCode } from '@capliquify/shared';
import { AppError, notFound } from '../errors/app.error';
import { auditAccount } from './account-audit';
import type { AuthServices } from './auth-services';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp';
import { findUser, setTotp, type UserRow } from './users.repo';

/**
 * Starts enrolling an authenticator: a fresh secret, stored sealed but not yet enabled, so a
 * person who never finishes keeps signing in as before. Starting again replaces the secret.
 */
export async function beginTotp(auth: AuthServices, userId: string): Promise<{ secret: string; otpauthUri: string }> {
  const user = await builtinUser(auth, userId);
  if (user.totp_enabled) throw new AppError(ErrorCode.Conflict, 'An authenticator is already set up for this account.');
  const secret = newTotpSecret();
  await setTotp(auth.db, user.id, { sealedSecret: auth.secretBox().seal(secret), enabled: false });
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

/** Enables TOTP once the person shows a code from the secret `beginTotp` gave; sign-ins then need one. */
export async function confirmTotp(auth: AuthServices, userId: string, code: string): Promise<{ totpEnabled: true }> {
  const user = await builtinUser(auth, userId);
  if (user.totp_enabled) throw new AppError(ErrorCode.Conflict, 'An authenticator is already set up for this account.');
  if (!user.totp_secret) throw new AppError(ErrorCode.BadRequest, 'Start setting up the authenticator first.');
  const now = auth.now();
  if (!verifyTotp(auth.secretBox().open(user.totp_secret), code, now)) {
    throw new AppError(ErrorCode.BadRequest, 'That code is not right; enter the current code your authenticator app shows.');
  }
  await auth.db.transaction().execute(async (trx) => {
    await setTotp(trx, user.id, { sealedSecret: user.totp_secret, enabled: true });
    await auditAccount(trx, { tenantId: user.tenant_id, actor: { userId: user.id }, action: 'user.totp_enabled', userId: user.id });
  });
  return { totpEnabled: true };
}

async function builtinUser(auth: AuthServices, userId: string): Promise<UserRow> {
  const user = await findUser(auth.db, userId);
  if (!user || user.removed_at) throw notFound('This account no longer exists.');
  if (user.provider !== 'builtin') throw new AppError(ErrorCode.BadRequest, 'Your second factor is managed by your identity provider.');
  return user;
}
