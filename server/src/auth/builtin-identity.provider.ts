import { ErrorCode } from '@capliquify/shared';
import { AppError } from '../errors/app.error';
import type { AuthServices } from './auth-services';
import type { IdentityProvider, Principal } from './principal';
import { grantsOf } from './role-grants.repo';
import { findSignInWithUser } from './sign-ins.repo';

/**
 * Built-in accounts: an access token we signed, whose sign-in is still open and whose user is not
 * removed. Both rows are read on every request (nothing cached), so signing out, removing a user
 * or a changed grant takes effect on the very next request.
 */
export function createBuiltinIdentityProvider(auth: AuthServices): IdentityProvider {
  return {
    kind: 'builtin',
    async authenticate(token: string): Promise<Principal> {
      const now = auth.now();
      const claims = await auth.tokens.verify(token, now);
      const session = await findSignInWithUser(auth.db, claims.signInId);
      if (!session || session.user_id !== claims.userId || session.tenant_id !== claims.tenantId) {
        throw new AppError(ErrorCode.Unauthorized, 'The access token is not valid; sign in again.');
      }
      if (session.removed_at) throw new AppError(ErrorCode.Unauthorized, 'This account was removed.');
      if (session.revoked_at || session.expires_at <= now) throw new AppError(ErrorCode.Unauthorized, 'You were signed out; sign in again.');
      return {
        userId: session.user_id, tenantId: session.tenant_id, provider: 'builtin', signInId: session.id,
        mfa: session.mfa, grants: await grantsOf(auth.db, session.user_id),
      };
    },
  };
}
