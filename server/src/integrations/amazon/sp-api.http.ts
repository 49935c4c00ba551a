import type { Logger } from 'pino';
import { IntegrationError } from '../integration-error';
import type { Clock } from './amazon-clock';
import { spApiErrorsSchema, type SpApiErrorEntry } from './sp-api.schemas';
import { createTokenBucket, type TokenBucket } from './token-bucket';

/** The SP-API operations we call, each with its own usage plan (rate per second, burst). */
export const USAGE_PLANS = {
  getOrders: { rate: 0.0167, burst: 20 },
  getInventorySummaries: { rate: 2, burst: 2 },
} as const;

export type SpApiOperation = keyof typeof USAGE_PLANS;

/** A request SP-API refused as invalid (400/404…), with Amazon's `errors[]` for the caller to inspect. */
export class SpApiRequestError extends IntegrationError {
  constructor(message: string, status: number, readonly errors: SpApiErrorEntry[]) {
    super('amazon', 'bad_payload', message, { status });
  }
}

export interface SpApiHttpOptions {
  /** The regional base URL (integration settings). */
  endpoint: string;
  /** A valid access token; given the token SP-API just refused as expired, a new one. */
  accessToken(rejected?: string): Promise<string>;
  /** The bucket of each operation, shared by every client of the same seller account. */
  bucket(operation: SpApiOperation): TokenBucket;
  clock: Clock;
  /** Jitter source (0 ≤ x < 1). */
  random?: () => number;
  fetch?: typeof fetch;
  log?: Logger;
  /** Retries after a 429 and after a 5xx or network failure. */
  retries?: { throttled: number; unavailable: number };
}

const TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;
const DEFAULT_RETRIES = { throttled: 5, unavailable: 3 };

/** Sends one GET per call, after the operation's bucket allows it; retries 429, 5xx and one expired token. */
export type SpApiGet = (operation: SpApiOperation, path: string, query: URLSearchParams) => Promise<unknown>;

export function createSpApiHttp(options: SpApiHttpOptions): SpApiGet {
  const { clock } = options;
  const send = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const retries = options.retries ?? DEFAULT_RETRIES;

  // Exponential with "equal jitter": never less than half the step, so retries do not bunch at 0.
  const backoff = (failures: number) => {
    const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    return Math.round(step / 2 + random() * (step / 2));
  };

  return async function get(operation, path, query) {
    const bucket = options.bucket(operation);
    const url = `${options.endpoint}${path}?${query.toString()}`;
    let token = await options.accessToken();
    let refreshedToken = false;
    let throttled = 0;
    let failures = 0;
    for (;;) {
      const wait = bucket.reserve(clock.now());
      if (wait > 0) await clock.sleep(wait);
      let response: Response;
      let text: string;
      try {
        response = await send(url, {
          headers: { 'x-amz-access-token': token, accept: 'application/json', 'user-agent': 'CapLiquify/0.1 (Language=TypeScript)' },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        text = await response.text();
      } catch (error) {
        failures += 1;
        if (failures > retries.unavailable) throw new IntegrationError('amazon', 'unavailable', `SP-API ${operation} could not be reached: ${(error as Error).message}`);
        await clock.sleep(backoff(failures));
        continue;
      }
      // The usage plan as Amazon applies it to this seller and app; it may differ from the documented one.
      const limit = Number(response.headers.get('x-amzn-ratelimit-limit'));
      if (limit > 0) bucket.setRate(limit, clock.now());

      if (response.status === 429) {
        bucket.drain(clock.now());
        throttled += 1;
        options.log?.warn({ operation, throttled, limit: limit || null }, 'SP-API throttled the request; backing off');
        if (throttled > retries.throttled) {
          throw new IntegrationError('amazon', 'rate_limited', `SP-API kept throttling ${operation} after ${retries.throttled} retries.`, { status: 429, retryAfterMs: BACKOFF_CAP_MS });
        }
        await clock.sleep(backoff(throttled));
        continue;
      }
      if (response.status >= 500) {
        failures += 1;
        if (failures > retries.unavailable) throw new IntegrationError('amazon', 'unavailable', `SP-API ${operation} failed with HTTP ${response.status} ${retries.unavailable + 1} times.`, { status: response.status });
        await clock.sleep(backoff(failures));
        continue;
      }
      const errors = response.ok ? [] : errorsOf(text);
      if (response.status === 401 || response.status === 403) {
        if (!refreshedToken && errors.some(isExpiredToken)) {
          refreshedToken = true;
          token = await options.accessToken(token);
          continue;
        }
        throw new IntegrationError('amazon', 'auth', `SP-API refused ${operation} (${describe(response.status, errors)}). Check the app's roles and the seller's authorisation.`, { status: response.status });
      }
      if (!response.ok) throw new SpApiRequestError(`SP-API refused ${operation} (${describe(response.status, errors)}).`, response.status, errors);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new IntegrationError('amazon', 'bad_payload', `SP-API answered ${operation} with a body that is not JSON.`, { status: response.status });
      }
    }
  };
}

/** A bucket per operation, created on first use at the documented plan. */
export function createUsageBuckets(clock: Clock): (operation: SpApiOperation) => TokenBucket {
  const buckets = new Map<SpApiOperation, TokenBucket>();
  return (operation) => {
    let bucket = buckets.get(operation);
    if (!bucket) {
      bucket = createTokenBucket({ ...USAGE_PLANS[operation], now: clock.now() });
      buckets.set(operation, bucket);
    }
    return bucket;
  };
}

function errorsOf(text: string): SpApiErrorEntry[] {
  try {
    const parsed = spApiErrorsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.errors : [];
  } catch {
    return [];
  }
}

function isExpiredToken(error: SpApiErrorEntry): boolean {
  return /expired/i.test(`${error.message} ${error.details ?? ''}`) && /token/i.test(`${error.message} ${error.details ?? ''}`);
}

function describe(status: number, errors: SpApiErrorEntry[]): string {
  const first = errors[0];
  if (!first) return `HTTP ${status}`;
  return `HTTP ${status} ${first.code}: ${first.message}${first.details ? ` (${first.details})` : ''}`;
}
