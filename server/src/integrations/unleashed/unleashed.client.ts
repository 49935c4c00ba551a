import type { Logger } from 'pino';
import { IntegrationError } from '../integration-error';
import { nextQuotaReset } from './unleashed-quota.rules';
import { signUnleashedQuery } from './unleashed-signature';
import { pageEnvelopeSchema, type PageEnvelope } from './unleashed.schemas';

/** Every call is counted before it is made; a spent month refuses it (IntegrationError 'quota_spent'). */
export interface CallQuota {
  take(): Promise<void>;
  /** Unleashed said the quota is spent: refuse locally too, until the month ends. */
  markSpent(): Promise<void>;
}

export interface UnleashedClientOptions {
  /** https://api.unleashedsoftware.com, or a fake on loopback. */
  baseUrl: string;
  apiId: string;
  apiKey: string;
  quota: CallQuota;
  log: Logger;
  /** Attempts per call on 5xx, 429 and network failures (default 4), waiting baseDelayMs × 2ⁿ between. */
  attempts?: number;
  baseDelayMs?: number;
  /** A Retry-After longer than this is not waited for in the job: the call fails 'rate_limited'. */
  maxWaitMs?: number;
  timeoutMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export const MAX_PAGE_SIZE = 1_000;
export const CLIENT_TYPE = 'capliquify/app';

export interface UnleashedClient {
  /** One page (1-based) of a list endpoint; `params` are its filters (modifiedSince…); no pageSize: Unleashed's 200. */
  page(endpoint: string, page: number, params?: Record<string, string>, pageSize?: number): Promise<PageEnvelope>;
  /** Every page in turn, until `NumberOfPages`. */
  pages(endpoint: string, params: Record<string, string>, pageSize?: number): AsyncGenerator<PageEnvelope>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Talks to Unleashed's REST API: signs every request (HMAC-SHA256 of the query string), pages
 * through `/{endpoint}/{page}`, counts each call against the monthly quota, retries 5xx, 429 and
 * network failures with exponential backoff, and turns every other failure into an IntegrationError.
 */
export function createUnleashedClient(options: UnleashedClientOptions): UnleashedClient {
  const { apiId, apiKey, quota, log } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? wait;

  async function page(endpoint: string, pageNumber: number, params: Record<string, string> = {}, pageSize?: number): Promise<PageEnvelope> {
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)) throw new RangeError(`pageSize must be 1–${MAX_PAGE_SIZE}`);
    // The signature covers this exact string, percent-encoding included (empty without parameters): build it once, send it as is.
    const query = new URLSearchParams({ ...(pageSize === undefined ? {} : { pageSize: String(pageSize) }), ...params }).toString();
    const target = `/${endpoint}/${pageNumber}`;
    const headers = {
      accept: 'application/json', 'content-type': 'application/json', 'client-type': CLIENT_TYPE,
      'api-auth-id': apiId, 'api-auth-signature': signUnleashedQuery(query, apiKey),
    };
    for (let attempt = 1; ; attempt++) {
      await quota.take();
      const outcome = await send(`${baseUrl}${target}${query ? `?${query}` : ''}`, headers, target);
      if ('envelope' in outcome) return checkedPage(outcome.envelope, pageNumber, target);
      if (!outcome.retry || attempt >= attempts) throw outcome.error;
      const delay = outcome.retryAfterMs ?? baseDelayMs * 2 ** (attempt - 1);
      if (delay > maxWaitMs) throw outcome.error;
      log.warn({ endpoint, page: pageNumber, attempt, delayMs: delay, status: outcome.error.details.status }, `Unleashed call failed (${outcome.error.message}); retrying`);
      await sleep(delay);
    }
  }

  type Outcome = { envelope: unknown } | { error: IntegrationError; retry: boolean; retryAfterMs?: number };

  async function send(url: string, headers: Record<string, string>, target: string): Promise<Outcome> {
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      body = await response.text();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { error: new IntegrationError('unleashed', 'unavailable', `Unleashed could not be reached for ${target}: ${reason}`), retry: true };
    }
    const status = response.status;
    if (response.ok) {
      try {
        return { envelope: JSON.parse(body) as unknown };
      } catch {
        return { error: new IntegrationError('unleashed', 'bad_payload', `Unleashed answered ${target} with malformed JSON`, { status }), retry: false };
      }
    }
    const description = vendorDescription(body);
    if (isQuotaSpent(status, description)) {
      await quota.markSpent();
      const at = now();
      return {
        error: new IntegrationError('unleashed', 'quota_spent', `Unleashed refused ${target}: the monthly API quota is spent until ${nextQuotaReset(at).toISOString()}`, {
          status, retryAfterMs: nextQuotaReset(at).getTime() - at.getTime(),
        }),
        retry: false,
      };
    }
    if (status === 401 || status === 403) {
      return { error: new IntegrationError('unleashed', 'auth', `Unleashed refused the API id and key (${status}${description ? `: ${description}` : ''}); check them in the integration`, { status }), retry: false };
    }
    if (status === 429) {
      const retryAfterMs = retryAfter(response.headers.get('retry-after'), now());
      return { error: new IntegrationError('unleashed', 'rate_limited', `Unleashed asked to slow down on ${target}`, { status, retryAfterMs }), retry: true, retryAfterMs };
    }
    if (status >= 500) return { error: new IntegrationError('unleashed', 'unavailable', `Unleashed answered ${status} for ${target}`, { status }), retry: true };
    // Any other 4xx: our request is wrong (an unknown endpoint, a bad filter); asking again cannot help.
    return { error: new IntegrationError('unleashed', 'bad_payload', `Unleashed refused ${target} with ${status}${description ? `: ${description}` : ''}`, { status }), retry: false };
  }

  async function* pages(endpoint: string, params: Record<string, string>, pageSize?: number): AsyncGenerator<PageEnvelope> {
    for (let n = 1; ; n++) {
      const envelope = await page(endpoint, n, params, pageSize);
      yield envelope;
      if (n >= envelope.Pagination.NumberOfPages) return;
    }
  }

  return { page, pages };
}

function checkedPage(raw: unknown, pageNumber: number, target: string): PageEnvelope {
  const parsed = pageEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IntegrationError('unleashed', 'bad_payload', `Unleashed answered ${target} without a readable page (${issue?.path.join('.') || 'body'}: ${issue?.message})`);
  }
  const { PageNumber, NumberOfPages } = parsed.data.Pagination;
  // An empty list answers page 1 of 0 pages; anything else must be the page we asked for.
  if (PageNumber !== pageNumber || (NumberOfPages > 0 && pageNumber > NumberOfPages)) {
    throw new IntegrationError('unleashed', 'bad_payload', `Unleashed answered ${target} with page ${PageNumber} of ${NumberOfPages}`);
  }
  return parsed.data;
}

/** Unleashed's error documents carry a `Description`; some answers are plain text. */
function vendorDescription(body: string): string {
  try {
    const parsed = JSON.parse(body) as { Description?: unknown } | null;
    if (parsed && typeof parsed.Description === 'string') return parsed.Description.slice(0, 300);
  } catch {
    // Not JSON: fall through to the text itself.
  }
  return body.trim().slice(0, 300);
}

function isQuotaSpent(status: number, description: string): boolean {
  return (status === 429 || status === 403) && /usage limit|api limit|quota/i.test(description);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfter(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
