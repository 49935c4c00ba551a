import { ErrorCode } from '@capliquify/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app.error';
import { createClerkSessionVerifier, type ClerkSessionVerifier } from './clerk-session.verifier';
import { clerkClaims, signClerkToken, startFakeClerk, type FakeClerk, type FakeClerkKey } from './fake-clerk.server';

const WINDOW_MS = 10_000;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

// Key fetching as the verifier does it, against a fake Clerk that counts JWKS requests. The
// clock is a variable the tests move, so throttling is checked without waiting.
describe('Clerk signing keys', () => {
  let clerk: FakeClerk;
  let clock: number;
  let verifier: ClerkSessionVerifier;
  const tokenFor = (key: FakeClerkKey, kid = key.kid) =>
    signClerkToken({ ...key, kid }, clerkClaims(clerk.issuer, { iat: Math.floor(clock / 1000), nbf: Math.floor(clock / 1000), exp: Math.floor(clock / 1000) + 60 }));

  beforeEach(async () => {
    clerk = await startFakeClerk();
    clock = Date.now();
    verifier = createClerkSessionVerifier(
      { issuer: clerk.issuer, jwksUrl: clerk.jwksUrl, authorizedParties: ['http://localhost:5173'] },
      { minRefetchIntervalMs: WINDOW_MS, maxKeyAgeMs: 600_000, now: () => clock },
    );
  });
  afterEach(() => clerk.close());

  it('fetches the JWKS once and then verifies from the cache', async () => {
    for (let i = 0; i < 5; i += 1) await verifier.verify(await tokenFor(clerk.currentKey()));
    expect(clerk.fetchCount()).toBe(1);
  });

  it('picks up a rotated key with exactly one refetch, and stops accepting the withdrawn key', async () => {
    const oldKey = clerk.currentKey();
    await verifier.verify(await tokenFor(oldKey));
    clock += 1_000; // well inside the throttle window: a genuine rotation must not wait for it
    const newKey = await clerk.rotate();
    await verifier.verify(await tokenFor(newKey));
    await verifier.verify(await tokenFor(newKey));
    expect(clerk.fetchCount()).toBe(2);

    clock += WINDOW_MS;
    expect((await failure(verifier.verify(await tokenFor(oldKey)))).message).toMatch(/unknown key/);
  });

  it('fetches at most once per window however many made-up kids arrive', async () => {
    const key = clerk.currentKey();
    await verifier.verify(await tokenFor(key));
    const flood = (n: number) => Promise.all(Array.from({ length: n }, async (_, i) =>
      failure(verifier.verify(await tokenFor(key, `kid_forged_${clock}_${i}`)))));

    const first = await flood(50);
    expect(first.every((e) => e.code === ErrorCode.Unauthorized && /unknown key/.test(e.message))).toBe(true);
    expect(clerk.fetchCount()).toBe(2);

    clock += WINDOW_MS / 2;
    await flood(50);
    expect(clerk.fetchCount()).toBe(2);

    clock += WINDOW_MS / 2;
    await flood(50);
    expect(clerk.fetchCount()).toBe(3);
  });

  it('lets the first token of a rotation through at most one window late while a flood goes on', async () => {
    const key = clerk.currentKey();
    await verifier.verify(await tokenFor(key));
    await failure(verifier.verify(await tokenFor(key, 'kid_forged')));
    const added = await clerk.addKey();
    expect((await failure(verifier.verify(await tokenFor(added)))).message).toMatch(/unknown key/);
    clock += WINDOW_MS;
    await expect(verifier.verify(await tokenFor(added))).resolves.toMatchObject({ userId: 'user_2fakeclerkuser' });
  });

  it('answers SERVICE_UNAVAILABLE, not UNAUTHORIZED, when Clerk cannot be reached for a key', async () => {
    clerk.setAvailable(false);
    const error = await failure(verifier.verify(await tokenFor(clerk.currentKey())));
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
    await failure(verifier.verify(await tokenFor(clerk.currentKey())));
    expect(clerk.fetchCount()).toBe(1);
  });

  it('refreshes keys older than their maximum age and keeps them through an outage', async () => {
    const key = clerk.currentKey();
    await verifier.verify(await tokenFor(key));
    clock += 600_000;
    clerk.setAvailable(false);
    await expect(verifier.verify(await tokenFor(key))).resolves.toBeDefined();
    expect(clerk.fetchCount()).toBe(2);

    clerk.setAvailable(true);
    const newKey = await clerk.rotate();
    clock += WINDOW_MS;
    await verifier.verify(await tokenFor(newKey));
    expect(clerk.fetchCount()).toBe(3);
    expect((await failure(verifier.verify(await tokenFor(key)))).message).toMatch(/unknown key/);
  });
});
