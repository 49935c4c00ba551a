import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IntegrationError } from '../integration-error';
import type { Clock } from './amazon-clock';

/** The app's Login with Amazon credentials (config) and where to exchange tokens. */
export interface LwaCredentials { tokenUrl: string; clientId: string; clientSecret: string }

/** One seller account: `key` names its cache slot (the integration id). */
export interface LwaAccount { key: string; refreshToken: string }

export interface LwaTokens {
  /**
   * An access token for the account, exchanged from its refresh token when none is cached or the
   * cached one is about to expire. Pass `rejected` (a token SP-API refused as expired) to force a
   * new one; concurrent callers share a single exchange.
   */
  accessToken(account: LwaAccount, options?: { rejected?: string }): Promise<string>;
  /** How many exchanges were made (every account), for the admin screen and tests. */
  exchanges(): number;
}

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive(), token_type: z.string() });
const errorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

// Refresh this long before expiry so a token never dies between our check and Amazon's.
const REFRESH_MARGIN_MS = 60_000;
const TIMEOUT_MS = 30_000;
// Answers that mean the credentials themselves are wrong: retrying cannot help.
const AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope', 'access_denied']);

interface Cached { token: string; expiresAt: number; fingerprint: string }

/**
 * Access tokens for SP-API, cached per account until shortly before they expire (an hour, as LWA
 * says in `expires_in`). Kept per process: every job of the worker shares one cache.
 */
export function createLwaTokens(credentials: LwaCredentials, options: { clock: Clock; fetch?: typeof fetch }): LwaTokens {
  const { clock } = options;
  const send = options.fetch ?? fetch;
  const cache = new Map<string, Cached>();
  const pending = new Map<string, Promise<Cached>>();
  let exchanges = 0;

  async function exchange(account: LwaAccount, fingerprint: string): Promise<Cached> {
    exchanges += 1;
    const startedAt = clock.now();
    const body = new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: account.refreshToken, client_id: credentials.clientId, client_secret: credentials.clientSecret,
    });
    let response: Response;
    try {
      response = await send(credentials.tokenUrl, {
        method: 'POST', body, signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
      });
    } catch (error) {
      throw new IntegrationError('amazon', 'unavailable', `Login with Amazon could not be reached: ${(error as Error).message}`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const answer = tokenAnswer.safeParse(json);
      if (!answer.success) throw new IntegrationError('amazon', 'unavailable', 'Login with Amazon answered without a usable access token.', { status: response.status });
      return { token: answer.data.access_token, expiresAt: startedAt + answer.data.expires_in * 1000, fingerprint };
    }
    const failure = errorAnswer.safeParse(json);
    const reason = failure.success ? `${failure.data.error}${failure.data.error_description ? `: ${failure.data.error_description}` : ''}` : `HTTP ${response.status}`;
    if (response.status === 429) throw new IntegrationError('amazon', 'rate_limited', `Login with Amazon is throttling token requests (${reason}).`, { status: 429 });
    if (response.status >= 500 || !failure.success) throw new IntegrationError('amazon', 'unavailable', `Login with Amazon failed (${reason}).`, { status: response.status });
    const hint = AUTH_ERRORS.has(failure.data.error) ? ' Check the app credentials, or have the seller authorise the app again.' : '';
    throw new IntegrationError('amazon', 'auth', `Login with Amazon refused the token exchange (${reason}).${hint}`, { status: response.status });
  }

  return {
    exchanges: () => exchanges,
    async accessToken(account, { rejected } = {}) {
      // A new refresh token (the seller re-authorised) must not be served the old account's token.
      const fingerprint = createHash('sha256').update(account.refreshToken).digest('base64url');
      const cached = cache.get(account.key);
      const fresh = cached && cached.fingerprint === fingerprint && cached.token !== rejected && clock.now() < cached.expiresAt - REFRESH_MARGIN_MS;
      if (fresh) return cached.token;
      let inFlight = pending.get(account.key);
      if (!inFlight) {
        inFlight = exchange(account, fingerprint).finally(() => pending.delete(account.key));
        pending.set(account.key, inFlight);
      }
      const next = await inFlight;
      cache.set(account.key, next);
      return next.token;
    },
  };
}
