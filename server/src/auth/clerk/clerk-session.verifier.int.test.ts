import { ErrorCode } from '@capliquify/shared';
import { exportSPKI, importJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app.error';
import { createClerkSessionVerifier, type ClerkSessionVerifier } from './clerk-session.verifier';
import { clerkClaims, createClerkKey, signClerkToken, startFakeClerk, type FakeClerk } from './fake-clerk.server';

const APP_ORIGIN = 'http://localhost:5173';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(ErrorCode.Unauthorized);
  return (error as AppError).message;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const seconds = () => Math.floor(Date.now() / 1000);

describe('Clerk session verifier', () => {
  let clerk: FakeClerk;
  let verifier: ClerkSessionVerifier;
  const claims = (overrides: JWTPayload = {}) => clerkClaims(clerk.issuer, overrides);
  const sign = (overrides: JWTPayload = {}) => signClerkToken(clerk.currentKey(), claims(overrides));

  beforeAll(async () => {
    clerk = await startFakeClerk();
    verifier = createClerkSessionVerifier({ issuer: clerk.issuer, jwksUrl: clerk.jwksUrl, authorizedParties: [APP_ORIGIN] });
  });
  afterAll(() => clerk.close());

  it('reads a valid v2 session token', async () => {
    const session = await verifier.verify(await sign({
      sub: 'user_abc', sid: 'sess_abc', fva: [12, 3], o: { id: 'org_abc', rol: 'manager', slg: 'plant-one' },
      email: 'ada@example.com', name: 'Ada Lovelace',
    }));
    expect(session).toEqual({
      userId: 'user_abc', sessionId: 'sess_abc', orgId: 'org_abc', orgRole: 'manager', orgSlug: 'plant-one',
      secondFactorAgeMinutes: 3, email: 'ada@example.com', name: 'Ada Lovelace',
    });
  });

  it('reports no second factor for fva [n, -1] and when fva is absent', async () => {
    expect((await verifier.verify(await sign({ fva: [7, -1] }))).secondFactorAgeMinutes).toBeNull();
    expect((await verifier.verify(await sign({ fva: undefined }))).secondFactorAgeMinutes).toBeNull();
  });

  it('reports no organisation when the token has no o claim', async () => {
    const session = await verifier.verify(await sign({ o: undefined }));
    expect(session).toMatchObject({ orgId: null, orgRole: null, orgSlug: null });
  });

  it('reads the flat organisation claims of a v1 token', async () => {
    const session = await verifier.verify(await sign({ v: undefined, o: undefined, org_id: 'org_v1', org_role: 'org:admin', org_slug: 'old' }));
    expect(session).toMatchObject({ orgId: 'org_v1', orgRole: 'org:admin', orgSlug: 'old' });
  });

  it('accepts a token without azp, as Clerk does for clients that send no Origin', async () => {
    expect((await verifier.verify(await sign({ azp: undefined }))).userId).toBe('user_2fakeclerkuser');
  });

  it('refuses a token without azp when configured to require it', async () => {
    const strict = createClerkSessionVerifier(
      { issuer: clerk.issuer, jwksUrl: clerk.jwksUrl, authorizedParties: [APP_ORIGIN] },
      { requireAuthorizedParty: true },
    );
    expect(await refusal(strict.verify(await sign({ azp: undefined })))).toMatch(/not an authorized party/);
  });

  it('refuses an expired token', async () => {
    expect(await refusal(verifier.verify(await sign({ exp: seconds() - 30 })))).toMatch(/expired/);
  });

  it('tolerates 5 seconds of clock skew on exp and nbf, not more', async () => {
    const at = seconds();
    const skewed = createClerkSessionVerifier(
      { issuer: clerk.issuer, jwksUrl: clerk.jwksUrl, authorizedParties: [APP_ORIGIN] },
      { now: () => at * 1000 },
    );
    await expect(skewed.verify(await sign({ exp: at - 4, nbf: at + 4 }))).resolves.toBeDefined();
    expect(await refusal(skewed.verify(await sign({ exp: at - 6 })))).toMatch(/expired/);
    expect(await refusal(skewed.verify(await sign({ nbf: at + 6 })))).toMatch(/not yet valid/);
  });

  it('refuses a token that is not yet valid', async () => {
    expect(await refusal(verifier.verify(await sign({ nbf: seconds() + 120 })))).toMatch(/not yet valid/);
  });

  it('refuses a token from another issuer, even signed with a served key', async () => {
    expect(await refusal(verifier.verify(await sign({ iss: 'https://evil.clerk.accounts.dev' })))).toMatch(/wrong issuer/);
  });

  it('refuses a token minted for a party that is not allowed', async () => {
    expect(await refusal(verifier.verify(await sign({ azp: 'https://evil.example' })))).toMatch(/https:\/\/evil\.example, which is not an authorized party/);
  });

  it('refuses a token without exp, sub or sid', async () => {
    expect(await refusal(verifier.verify(await sign({ exp: undefined })))).toMatch(/no "exp" claim/);
    expect(await refusal(verifier.verify(await sign({ sub: undefined })))).toMatch(/no "sub" claim/);
    expect(await refusal(verifier.verify(await sign({ sid: undefined })))).toMatch(/no "sid" claim/);
  });

  it('refuses a pending session', async () => {
    expect(await refusal(verifier.verify(await sign({ sts: 'pending' })))).toMatch(/pending, not active/);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT', kid: clerk.currentKey().kid })}.${b64(claims())}.`;
    expect(await refusal(verifier.verify(token))).toMatch(/not signed with RS256/);
  });

  it('refuses HS256 signed with the public key bytes (algorithm confusion)', async () => {
    const key = clerk.currentKey();
    const publicPem = await exportSPKI(await importJWK(key.publicJwk, 'RS256', { extractable: true }) as Parameters<typeof exportSPKI>[0]);
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(new TextEncoder().encode(publicPem));
    expect(await refusal(verifier.verify(token))).toMatch(/not signed with RS256/);
  });

  it('refuses a token signed by a key that is not in the JWKS, even under a served kid', async () => {
    const stranger = await createClerkKey();
    expect(await refusal(verifier.verify(await signClerkToken(stranger, claims())))).toMatch(/unknown key/);
    const impostor = await signClerkToken({ ...stranger, kid: clerk.currentKey().kid }, claims());
    expect(await refusal(verifier.verify(impostor))).toMatch(/bad signature/);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign({ o: { id: 'org_abc', rol: 'member' } })).split('.');
    const tampered = `${header}.${b64(claims({ o: { id: 'org_abc', rol: 'admin' } }))}.${signature}`;
    expect(await refusal(verifier.verify(tampered))).toMatch(/bad signature/);
  });

  it('refuses a token without kid and a string that is not a token', async () => {
    const key = clerk.currentKey();
    const noKid = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(key.privateKey);
    expect(await refusal(verifier.verify(noKid))).toMatch(/no key id/);
    expect(await refusal(verifier.verify('not-a-token'))).toMatch(/malformed/);
  });

  it('refuses claims of the wrong shape', async () => {
    expect(await refusal(verifier.verify(await sign({ fva: 'recent' as unknown as number[] })))).toMatch(/malformed \(fva\)/);
  });
});
