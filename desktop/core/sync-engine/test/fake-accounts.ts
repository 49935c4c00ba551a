import { randomBytes } from 'node:crypto';
import type { RoleGrant } from '@capliquify/shared';
import type { SignInAnswer, SignInRequest } from '../../session/sign-in-answer';
import { ProtocolError } from './fake-protocol-state';

export interface FakeAccount {
  userId: string; email: string; password: string; displayName: string; grants: RoleGrant[];
  /** The authenticator code this account wants too; none when it has no second factor. */
  totpCode?: string;
  /** Answer ACCOUNT_LOCKED for this long, as the real server does after too many wrong passwords. */
  lockedForSeconds?: number;
}

export interface FakeSignIn { userId: string; deviceId: string | null; mfa: boolean }

/** `auth.signIn` as the real server answers it: the sign-in is bound to the device whose credential came with it. */
export class FakeAccounts {
  readonly accounts = new Map<string, FakeAccount>();
  readonly signIns = new Map<string, FakeSignIn>();

  add(account: Omit<FakeAccount, 'userId'> & { userId?: string }): FakeAccount {
    const stored = { userId: `usr-${randomBytes(4).toString('hex')}`, ...account };
    this.accounts.set(account.email.toLowerCase(), stored);
    return stored;
  }

  signIn(deviceId: string | null, request: SignInRequest): SignInAnswer {
    const account = this.accounts.get(request.email.trim().toLowerCase());
    if (account?.lockedForSeconds) {
      throw new ProtocolError('ACCOUNT_LOCKED', 'Too many failed sign-ins: try again later.', { retryAfterSeconds: account.lockedForSeconds });
    }
    if (!account || account.password !== request.password) throw new ProtocolError('UNAUTHORIZED', 'Wrong email or password.');
    if (account.totpCode && request.totpCode !== account.totpCode) {
      throw new ProtocolError('SECOND_FACTOR_REQUIRED', 'Enter the code from your authenticator app.');
    }
    const signInId = `sgn-${randomBytes(6).toString('hex')}`;
    const mfa = account.totpCode !== undefined;
    this.signIns.set(signInId, { userId: account.userId, deviceId, mfa });
    return {
      signInId, refreshToken: randomBytes(16).toString('hex'), mfa, grants: account.grants,
      user: { id: account.userId, email: account.email, displayName: account.displayName },
    };
  }
}
