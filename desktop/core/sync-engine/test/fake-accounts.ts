import { createHash, randomBytes } from 'node:crypto';
import type { RoleGrant } from '@capliquify/shared';
import type { AuthenticatorSecret, RefreshAnswer, SignInAnswer, SignInRequest } from '../../session/sign-in-answer';
import { ProtocolError } from './fake-protocol-state';

export interface FakeAccount {
  userId: string; email: string; password: string; displayName: string; grants: RoleGrant[];
  /** The authenticator code this account wants too; none when it has no second factor. */
  totpCode?: string;
  /** Answer ACCOUNT_LOCKED for this long, as the real server does after too many wrong passwords. */
  lockedForSeconds?: number;
}

export interface FakeSignIn { userId: string; deviceId: string | null; mfa: boolean }

/** Access tokens and sign-ins live this long, as the real server's. */
export const FAKE_ACCESS_TOKEN_TTL_MS = 10 * 60_000;
export const FAKE_SIGN_IN_TTL_MS = 30 * 24 * 3_600_000;

/**
 * The code the fake's authenticator shows for `secret`: the fake's stand-in for RFC 6238 (the
 * real one is proven against the real server), so a test must read the secret to know the code.
 */
export function fakeAuthenticatorCode(secret: string): string {
  return String(createHash('sha1').update(secret).digest().readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const refused = (message: string) => new ProtocolError('UNAUTHORIZED', message);

/**
 * `auth.*` as the real server answers it: a sign-in is bound to the device whose credential came
 * with it; refresh tokens rotate and a spent one presented again ends the sign-in; an access
 * token works until it expires or its sign-in ends; an authenticator is begun, then confirmed
 * with a code from its secret.
 */
export class FakeAccounts {
  readonly accounts = new Map<string, FakeAccount>();
  readonly signIns = new Map<string, FakeSignIn>();
  readonly refreshTokens = new Map<string, { signInId: string; spent: boolean }>();
  readonly accessTokens = new Map<string, { signInId: string; expiresAt: number }>();
  /** Sign-ins ended: signed out elsewhere, or a spent refresh token was presented again. */
  readonly revoked = new Set<string>();
  private readonly signInsEnd = new Map<string, number>();
  /** The server's clock; tests move it together with the station's. */
  now: () => Date = () => new Date();
  private readonly begunSecrets = new Map<string, string>();

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
    if (!account || account.password !== request.password) throw refused('Wrong email or password.');
    if (account.totpCode && request.totpCode !== account.totpCode) {
      throw new ProtocolError('SECOND_FACTOR_REQUIRED', 'Enter the code from your authenticator app.');
    }
    const signInId = `sgn-${randomBytes(6).toString('hex')}`;
    const mfa = account.totpCode !== undefined;
    this.signIns.set(signInId, { userId: account.userId, deviceId, mfa });
    this.signInsEnd.set(signInId, this.now().getTime() + FAKE_SIGN_IN_TTL_MS);
    return { signInId, mfa, grants: account.grants, user: { id: account.userId, email: account.email, displayName: account.displayName }, ...this.issue(signInId) };
  }

  refresh(refreshToken: string): RefreshAnswer {
    const presented = this.refreshTokens.get(refreshToken);
    if (!presented) throw refused('This refresh token is not valid; sign in again.');
    if (presented.spent) {
      this.revoked.add(presented.signInId);
      throw refused('This refresh token was already used, so the sign-in was ended to be safe; sign in again.');
    }
    presented.spent = true;
    if (this.revoked.has(presented.signInId) || this.signInsEnd.get(presented.signInId)! <= this.now().getTime()) {
      throw refused('You were signed out; sign in again.');
    }
    return { signInId: presented.signInId, ...this.issue(presented.signInId) };
  }

  /** The person behind `authorization: Bearer <access token>`. */
  authenticate(authorization: string | undefined): FakeAccount {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const access = token ? this.accessTokens.get(token) : undefined;
    if (!access || access.expiresAt <= this.now().getTime()) throw refused('The access token is not valid; sign in again.');
    if (this.revoked.has(access.signInId)) throw refused('You were signed out; sign in again.');
    const { userId } = this.signIns.get(access.signInId)!;
    return [...this.accounts.values()].find((a) => a.userId === userId)!;
  }

  beginTotp(account: FakeAccount): AuthenticatorSecret {
    if (account.totpCode) throw new ProtocolError('CONFLICT', 'An authenticator is already set up for this account.');
    const secret = [...randomBytes(32)].map((byte) => BASE32[byte % 32]).join('');
    this.begunSecrets.set(account.userId, secret);
    return { secret, otpauthUri: `otpauth://totp/CapLiquify:${encodeURIComponent(account.email)}?secret=${secret}&issuer=CapLiquify` };
  }

  confirmTotp(account: FakeAccount, code: string): { totpEnabled: true } {
    if (account.totpCode) throw new ProtocolError('CONFLICT', 'An authenticator is already set up for this account.');
    const secret = this.begunSecrets.get(account.userId);
    if (!secret) throw new ProtocolError('BAD_REQUEST', 'Start setting up the authenticator first.');
    if (code !== fakeAuthenticatorCode(secret)) throw new ProtocolError('BAD_REQUEST', 'That code is not right; enter the current code your authenticator app shows.');
    account.totpCode = code;
    return { totpEnabled: true };
  }

  /** Ends a sign-in, as signing out elsewhere or an administrator removing the person does. */
  revoke(signInId: string): void {
    this.revoked.add(signInId);
  }

  private issue(signInId: string) {
    const refreshToken = randomBytes(16).toString('hex');
    const accessToken = randomBytes(16).toString('hex');
    const expiresAt = this.now().getTime() + FAKE_ACCESS_TOKEN_TTL_MS;
    this.refreshTokens.set(refreshToken, { signInId, spent: false });
    this.accessTokens.set(accessToken, { signInId, expiresAt });
    return { refreshToken, accessToken, accessExpiresAt: new Date(expiresAt).toISOString() };
  }
}
