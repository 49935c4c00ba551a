import { ErrorCode } from '@capliquify/shared';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors/app.error';

export const ACCESS_TOKEN_ISSUER = 'capliquify';
export const ACCESS_TOKEN_AUDIENCE = 'capliquify-api';
/** Short: a stolen access token is worth little, and refresh re-reads the sign-in anyway. */
export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;
// Several API instances sign and verify; their clocks may differ by a few seconds.
const CLOCK_TOLERANCE_SECONDS = 5;

/** What an access token says; the sign-in and user rows still decide whether it is honoured. */
export interface AccessClaims {
  userId: string;
  tenantId: string;
  signInId: string;
  mfa: boolean;
}

export interface AccessTokens {
  issue(claims: AccessClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a token this server signed that is still in date; AppError(UNAUTHORIZED) otherwise. */
  verify(token: string, now: Date): Promise<AccessClaims>;
}

/**
 * HS256 access tokens. `secret` is read on first use (it may live in the database), then kept:
 * it changes only when the operator changes AUTH_TOKEN_SECRET and restarts.
 */
export function createAccessTokens(secret: () => Promise<Uint8Array>): AccessTokens {
  let key: Promise<Uint8Array> | undefined;
  const keyOnce = (): Promise<Uint8Array> => {
    key ??= secret().catch((error: unknown) => {
      key = undefined; // a database hiccup at first use must not poison every later request
      throw error;
    });
    return key;
  };
  return {
    async issue(claims, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expires = issuedAt + ACCESS_TOKEN_TTL_SECONDS;
      const token = await new SignJWT({ tid: claims.tenantId, sid: claims.signInId, mfa: claims.mfa })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setSubject(claims.userId)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(expires)
        .sign(await keyOnce());
      return { token, expiresAt: new Date(expires * 1000) };
    },
    async verify(token, now) {
      const key = await keyOnce();
      try {
        // Pinning the algorithm is what refuses `alg: none` and tokens signed with a public key.
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          currentDate: now,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['sub', 'exp', 'nbf', 'tid', 'sid'],
        });
        const { sub, tid, sid, mfa } = payload;
        if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string' || typeof mfa !== 'boolean') throw invalidToken();
        return { userId: sub, tenantId: tid, signInId: sid, mfa };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new AppError(ErrorCode.Unauthorized, 'Your access token has expired; refresh it or sign in again.');
        if (error instanceof AppError) throw error;
        throw invalidToken();
      }
    },
  };
}

function invalidToken(): AppError {
  return new AppError(ErrorCode.Unauthorized, 'The access token is not valid; sign in again.');
}

/** The secret's bytes from AUTH_TOKEN_SECRET or from `server_keys` (base64url). */
export function secretBytes(secret: string, encoding: 'utf8' | 'base64url'): Uint8Array {
  return new Uint8Array(Buffer.from(secret, encoding));
}
