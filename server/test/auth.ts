import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { createAuthServices, type AuthServices } from '../src/auth/auth-services';
import { base32Decode, totpAt } from '../src/auth/totp';
import { loadServerConfig, type ServerConfig } from '../src/config';
import type { Database } from '../src/db/schema';
import { AppError } from '../src/errors/app.error';

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * A server config for identity tests: a known token secret (so a test can forge tokens with it
 * or with another), a sealing key in the config rather than a key file, and a sign-in rate limit
 * high enough for a test's many sign-ins.
 */
export function identityTestConfig(env: NodeJS.ProcessEnv = {}): ServerConfig {
  return loadServerConfig({
    AUTH_TOKEN_SECRET: 'test-token-secret-0123456789abcdefghijkl',
    SECRETS_KEYS: `test:${randomBytes(32).toString('base64')}`,
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ...env,
  });
}

/** Auth services on `db` whose clock the test moves. */
export function authWithClock(db: Kysely<Database>, start = new Date('2026-03-02T09:00:00Z')): AuthServices & { clock: { now: Date; advance(ms: number): void } } {
  const clock = { now: start, advance(ms: number) { clock.now = new Date(clock.now.getTime() + ms); } };
  return { ...createAuthServices(db, identityTestConfig(), { now: () => clock.now }), clock };
}

/** The authenticator app's current code for a base32 secret. */
export function totpCodeFor(secret: string, at: Date = new Date()): string {
  return totpAt(base32Decode(secret), at.getTime() / 1000);
}

/** The AppError a call was refused with; fails the test when it succeeded or threw something else. */
export async function refusal(call: Promise<unknown>): Promise<{ code: ErrorCode; message: string; details?: Record<string, unknown> }> {
  const error = await call.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${error === null ? 'success' : String(error)}`);
  return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
}
