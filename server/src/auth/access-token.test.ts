import { ErrorCode } from '@capliquify/shared';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app.error';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from './access-token';

const SECRET = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
const tokens = createAccessTokens(async () => SECRET);
const claims = { userId: 'usr_1', tenantId: 'tnt_demo', signInId: 'sin_1', mfa: true };
const NOW = new Date('2026-03-01T10:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

async function refusal(token: string, now = NOW): Promise<AppError> {
  const error = await tokens.verify(token, now).then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function forged(overrides: { iss?: string; aud?: string; exp?: number } = {}, header: Record<string, unknown> = { alg: 'HS256' }) {
  return new SignJWT({ tid: 'tnt_demo', sid: 'sin_1', mfa: true })
    .setProtectedHeader(header as { alg: string })
    .setIssuer(overrides.iss ?? ACCESS_TOKEN_ISSUER).setAudience(overrides.aud ?? ACCESS_TOKEN_AUDIENCE)
    .setSubject('usr_1').setIssuedAt(seconds(NOW)).setNotBefore(seconds(NOW)).setExpirationTime(overrides.exp ?? seconds(NOW) + 600);
}

describe('access tokens', () => {
  it('round-trips the claims and expires after ten minutes', async () => {
    const { token, expiresAt } = await tokens.issue(claims, NOW);
    expect(expiresAt.getTime() - NOW.getTime()).toBe(ACCESS_TOKEN_TTL_SECONDS * 1000);
    expect(await tokens.verify(token, new Date(NOW.getTime() + 9 * 60_000))).toEqual(claims);
    const expired = await refusal(token, new Date(NOW.getTime() + 11 * 60_000));
    expect([expired.code, expired.message]).toEqual([ErrorCode.Unauthorized, 'Your access token has expired; refresh it or sign in again.']);
  });

  it('refuses a token before its not-before time', async () => {
    const { token } = await tokens.issue(claims, NOW);
    expect((await refusal(token, new Date(NOW.getTime() - 60_000))).code).toBe(ErrorCode.Unauthorized);
  });

  it('refuses alg none, another secret, RS256, another issuer or audience, and garbage', async () => {
    const none = new UnsecuredJWT({ tid: 'tnt_demo', sid: 'sin_1', mfa: true }).setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject('usr_1').setIssuedAt(seconds(NOW)).setNotBefore(seconds(NOW)).setExpirationTime(seconds(NOW) + 600).encode();
    const otherSecret = await forged().sign(new TextEncoder().encode('another-secret-of-sufficient-length-000'));
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const rs256 = await forged({}, { alg: 'RS256', jwk: await exportJWK(publicKey) }).sign(privateKey);
    const otherIssuer = await forged({ iss: 'someone-else' }).sign(SECRET);
    const otherAudience = await forged({ aud: 'another-api' }).sign(SECRET);
    for (const token of [none, otherSecret, rs256, otherIssuer, otherAudience, 'not.a.jwt', '']) {
      const error = await refusal(token);
      expect([error.code, error.message]).toEqual([ErrorCode.Unauthorized, 'The access token is not valid; sign in again.']);
    }
    // The control: the same forging with our secret and claims is accepted, so the refusals above are about what differs.
    expect(await tokens.verify(await forged().sign(SECRET), NOW)).toEqual(claims);
  });

  it('refuses a token of ours that lacks the sign-in claim', async () => {
    const token = await new SignJWT({ tid: 'tnt_demo', mfa: false }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE).setSubject('usr_1').setNotBefore(seconds(NOW)).setExpirationTime(seconds(NOW) + 600).sign(SECRET);
    expect((await refusal(token)).code).toBe(ErrorCode.Unauthorized);
  });

  it('reads the secret once, and tries again after a failed first read', async () => {
    let reads = 0;
    const flaky = createAccessTokens(async () => {
      reads += 1;
      if (reads === 1) throw new Error('database not reachable');
      return SECRET;
    });
    await expect(flaky.issue(claims, NOW)).rejects.toThrow('database not reachable');
    const { token } = await flaky.issue(claims, NOW);
    expect(await flaky.verify(token, NOW)).toEqual(claims);
    expect(reads).toBe(2);
  });
});
