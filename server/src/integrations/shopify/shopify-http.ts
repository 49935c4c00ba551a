import { IntegrationError } from '../integration-error';
import { backoffMs, retryAfterMs } from './shopify-rate-limits';

/** The network and the clock, injected so tests run against a fake server without real waits. */
export interface ShopifyTransport {
  fetch(url: string, init: RequestInit): Promise<Response>;
  sleep(ms: number): Promise<void>;
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemTransport: ShopifyTransport = {
  fetch: (url, init) => fetch(url, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

export interface RetryPolicy {
  /** 5xx and network failures retried this many times before `unavailable`. */
  serverErrorRetries: number;
  /** 429s waited out this many times before `rate_limited`. */
  rateLimitRetries: number;
  baseDelayMs: number;
  /** A Retry-After longer than this is handed to the job runner rather than slept through. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { serverErrorRetries: 3, rateLimitRetries: 8, baseDelayMs: 500, maxWaitMs: 60_000 };

const TIMEOUT_MS = 30_000;

export interface ShopifyResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null for a 404 the caller allowed. */
  body: unknown;
}

export interface ShopifyRequest {
  url: string;
  method: 'GET' | 'POST';
  accessToken: string;
  body?: unknown;
  /** A 404 is an answer (a deleted inventory item), not a failure. */
  notFoundOk?: boolean;
  /** Sees every response, throttled ones included (the REST bucket reads its header here). */
  onResponse?(response: Response): void;
}

/**
 * One Admin API call with Shopify's failure modes handled: 429 waited out (Retry-After, or
 * backoff without it), 5xx and network errors retried with backoff, then typed errors —
 * 401/403/402/423 `auth` (a person must fix the token or the store), other 4xx and unreadable
 * bodies `bad_payload`.
 */
export async function shopifyRequest(transport: ShopifyTransport, request: ShopifyRequest, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<ShopifyResponse> {
  let serverFailures = 0;
  let throttles = 0;
  for (;;) {
    let response: Response;
    try {
      response = await transport.fetch(request.url, {
        method: request.method,
        headers: {
          'x-shopify-access-token': request.accessToken,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      serverFailures += 1;
      if (serverFailures > policy.serverErrorRetries) throw unavailable(`Shopify did not answer ${describe(request)}: ${(error as Error).message}`);
      await transport.sleep(backoffMs(serverFailures, policy.baseDelayMs));
      continue;
    }
    request.onResponse?.(response);
    if (response.status === 429) {
      await response.body?.cancel();
      throttles += 1;
      const wait = retryAfterMs(response.headers.get('retry-after'), transport.now()) ?? backoffMs(throttles, policy.baseDelayMs * 2);
      if (throttles > policy.rateLimitRetries || wait > policy.maxWaitMs) {
        throw new IntegrationError('shopify', 'rate_limited', `Shopify kept refusing ${describe(request)} with 429`, { status: 429, retryAfterMs: wait });
      }
      await transport.sleep(wait);
      continue;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      serverFailures += 1;
      if (serverFailures > policy.serverErrorRetries) throw unavailable(`Shopify answered ${response.status} to ${describe(request)} ${serverFailures} times`, response.status);
      await transport.sleep(backoffMs(serverFailures, policy.baseDelayMs));
      continue;
    }
    return read(response, request);
  }
}

async function read(response: Response, request: ShopifyRequest): Promise<ShopifyResponse> {
  const { status } = response;
  if (status === 404 && request.notFoundOk) {
    await response.body?.cancel();
    return { status, headers: response.headers, body: null };
  }
  if ([401, 402, 403, 423].includes(status)) {
    await response.body?.cancel();
    const why = status === 402 ? 'the store is frozen (unpaid)' : status === 423 ? 'the store is locked' : 'the access token was refused';
    throw new IntegrationError('shopify', 'auth', `Shopify answered ${status} to ${describe(request)}: ${why}`, { status });
  }
  const text = await response.text();
  if (status >= 400) {
    throw new IntegrationError('shopify', 'bad_payload', `Shopify answered ${status} to ${describe(request)}: ${text.slice(0, 200)}`, { status });
  }
  try {
    return { status, headers: response.headers, body: JSON.parse(text) as unknown };
  } catch {
    throw new IntegrationError('shopify', 'bad_payload', `Shopify sent a body that is not JSON for ${describe(request)}: ${JSON.stringify(text.slice(0, 80))}`, { status });
  }
}

function unavailable(message: string, status?: number): IntegrationError {
  return new IntegrationError('shopify', 'unavailable', message, status === undefined ? {} : { status });
}

// The path only: query strings may carry page cursors, never worth a log line's length.
function describe(request: ShopifyRequest): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}
