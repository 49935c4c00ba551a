import { ErrorCode } from '@capliquify/shared';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { AppError } from '../../errors/app.error';

export interface ClerkJwksOptions {
  /**
   * The least time between two fetches of the same kind (default 10 s). A token with a kid we do
   * not hold refetches at once unless another unknown kid already did within this interval: a
   * flood of made-up kids costs Clerk one request per interval, while a genuine rotation is seen
   * by the first token carrying the new kid (at worst one interval later, while a flood goes on).
   * Loads of a missing or expired key set (and their retries during an outage) are spaced the same.
   */
  minRefetchIntervalMs?: number;
  /**
   * How long fetched keys are trusted before the next use refetches them (default 10 min): a key
   * Clerk withdraws stops verifying within this time even if no new kid ever shows up.
   */
  maxKeyAgeMs?: number;
  fetchTimeoutMs?: number;
  /** Milliseconds since the epoch; tests move it instead of waiting. */
  now?: () => number;
}

/** Clerk's signing keys by kid, fetched from the JWKS URL on demand. */
export interface ClerkJwksClient {
  /** The RS256 key for `kid`, refetching the JWKS at most once per interval when unknown. */
  keyFor(kid: string): Promise<CryptoKey>;
}

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });

export function createClerkJwksClient(jwksUrl: string, options: ClerkJwksOptions = {}): ClerkJwksClient {
  const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
  const maxKeyAgeMs = options.maxKeyAgeMs ?? 600_000;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
  const now = options.now ?? Date.now;

  let keys = new Map<string, CryptoKey>();
  let fetchedAt: number | null = null;
  // Two throttles: unknown kids apart from loads, so the start-up load or an expiry refresh never
  // makes the first token of a rotation wait.
  let lastLoadAt: number | null = null;
  let lastUnknownKidFetchAt: number | null = null;
  let lastFailure: unknown = null;
  // Concurrent requests share one fetch instead of each starting one.
  let inFlight: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    try {
      keys = await fetchKeys(jwksUrl, fetchTimeoutMs);
      fetchedAt = now();
      lastFailure = null;
    } catch (error) {
      lastFailure = error;
    }
  }

  function refreshIfAllowed(kind: 'load' | 'unknown-kid'): Promise<void> | null {
    if (inFlight) return inFlight;
    const last = kind === 'load' ? lastLoadAt : lastUnknownKidFetchAt;
    if (last !== null && now() - last < minRefetchIntervalMs) return null;
    if (kind === 'load') lastLoadAt = now();
    else lastUnknownKidFetchAt = now();
    inFlight = refresh().finally(() => { inFlight = null; });
    return inFlight;
  }

  return {
    async keyFor(kid) {
      if (fetchedAt === null || now() - fetchedAt >= maxKeyAgeMs) await refreshIfAllowed('load');
      else if (!keys.has(kid)) await refreshIfAllowed('unknown-kid');
      const key = keys.get(kid);
      if (key) return key;
      if (lastFailure !== null) {
        // Clerk unreachable is not the person's fault: a 401 would sign them out for an outage.
        throw new AppError(ErrorCode.ServiceUnavailable, 'Could not fetch Clerk signing keys; try again shortly');
      }
      throw new AppError(ErrorCode.Unauthorized, `Session token was signed with an unknown key (kid ${JSON.stringify(kid.slice(0, 64))})`);
    },
  };
}

async function fetchKeys(jwksUrl: string, timeoutMs: number): Promise<Map<string, CryptoKey>> {
  const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`JWKS answered HTTP ${response.status}`);
  const { keys } = jwksSchema.parse(await response.json());
  const imported = new Map<string, CryptoKey>();
  for (const jwk of keys) {
    // Only RSA signing keys for RS256 can verify a Clerk session; anything else is ignored, not
    // trusted, so a JWKS entry can never widen the accepted algorithms.
    if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
    const key = await importJWK(jwk as JWK, 'RS256').catch(() => null);
    if (key && !(key instanceof Uint8Array)) imported.set(jwk.kid, key);
  }
  return imported;
}
