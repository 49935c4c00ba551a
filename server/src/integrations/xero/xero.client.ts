import type { Logger } from 'pino';
import { z } from 'zod';
import { IntegrationError } from '../integration-error';
import { createSemaphore } from './semaphore';
import { formatIfModifiedSince } from './xero-dates';
import { retryAfterMs } from './xero-oauth';
import type { XeroRuntime } from './xero-runtime';
import { xeroPaginationSchema } from './xero.schemas';

// The accounting API for one organisation: `xero-tenant-id` on every call, pages of 100, and
// Xero's limits per organisation (5 calls in flight, 60 a minute, 5,000 a day): the remaining
// counts are read from every answer, a 429 waits out its Retry-After (or goes back to the job
// runner when that is longer than we wait in-process), and a spent day is `quota_spent`.

export type XeroResource = 'Invoices' | 'Payments' | 'Contacts';

export interface XeroLimits { minuteRemaining: number | null; dayRemaining: number | null; appMinuteRemaining: number | null }

export interface XeroClientOptions {
  rt: XeroRuntime;
  xeroTenantId: string;
  /** A usable access token; `rejected` names one Xero just refused, so a new one is fetched. */
  accessToken(rejected?: string): Promise<string>;
  log?: Logger;
}

const CONCURRENT_CALLS = 5;
const SERVER_ERROR_ATTEMPTS = 3;
const RATE_LIMIT_WAITS = 5;
const TIMEOUT_MS = 60_000;

export type XeroClient = ReturnType<typeof createXeroClient>;

export function createXeroClient(options: XeroClientOptions) {
  const { rt, xeroTenantId, log } = options;
  const inFlight = createSemaphore(CONCURRENT_CALLS);
  const limits: XeroLimits = { minuteRemaining: null, dayRemaining: null, appMinuteRemaining: null };

  function note(res: Response): void {
    const read = (name: string) => (res.headers.has(name) ? Number(res.headers.get(name)) : null);
    limits.minuteRemaining = read('x-minlimit-remaining') ?? limits.minuteRemaining;
    limits.dayRemaining = read('x-daylimit-remaining') ?? limits.dayRemaining;
    limits.appMinuteRemaining = read('x-appminlimit-remaining') ?? limits.appMinuteRemaining;
  }

  /** One GET with Xero's failure handling; the parsed JSON body. */
  async function get(path: string, query: Record<string, string>, headers: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(`${rt.app.apiUrl}${path}`);
    url.search = new URLSearchParams(query).toString();
    let rejected: string | undefined;
    let serverErrors = 0;
    let waits = 0;
    for (;;) {
      const token = await options.accessToken(rejected);
      const answer = await inFlight.run(() => send(url, { ...headers, authorization: `Bearer ${token}`, 'xero-tenant-id': xeroTenantId, accept: 'application/json' }));
      if (!answer) {
        serverErrors += 1;
        if (serverErrors >= SERVER_ERROR_ATTEMPTS) throw new IntegrationError('xero', 'unavailable', `Xero ${path} got no answer after ${serverErrors} tries.`);
        await rt.sleep(1_000 * 2 ** (serverErrors - 1));
        continue;
      }
      const { res, text } = answer;
      note(res);
      if (res.status === 200) return readJson(text, path);
      if (res.status === 401 && rejected === undefined) {
        // Revoked or expired early: one new token, then it is Xero's refusal.
        rejected = token;
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new IntegrationError('xero', 'auth', `Xero refused ${path} for organisation ${xeroTenantId} (${res.status}): the connection may have been removed in Xero; reconnect it.`, { status: res.status });
      }
      if (res.status === 429) {
        const problem = res.headers.get('x-rate-limit-problem') ?? 'unknown';
        const wait = retryAfterMs(res, rt.now());
        if (problem === 'day') {
          throw new IntegrationError('xero', 'quota_spent', `Xero's daily call limit for organisation ${xeroTenantId} is spent.`, { status: 429, retryAfterMs: wait });
        }
        waits += 1;
        const delay = wait ?? 1_000 * 2 ** (waits - 1);
        if (delay > rt.maxWaitMs || waits > RATE_LIMIT_WAITS) {
          throw new IntegrationError('xero', 'rate_limited', `Xero limited ${path} (${problem}) for ${Math.ceil(delay / 1000)} s.`, { status: 429, retryAfterMs: delay });
        }
        log?.info({ problem, delayMs: delay, path }, 'Xero rate limit: waiting');
        await rt.sleep(delay);
        continue;
      }
      if (res.status >= 500) {
        serverErrors += 1;
        if (serverErrors >= SERVER_ERROR_ATTEMPTS) throw new IntegrationError('xero', 'unavailable', `Xero ${path} answered ${res.status} ${serverErrors} times.`, { status: res.status });
        await rt.sleep(1_000 * 2 ** (serverErrors - 1));
        continue;
      }
      throw new IntegrationError('xero', 'bad_payload', `Xero refused the request ${path} (${res.status}).`, { status: res.status });
    }
  }

  /**
   * Every page of a list, changed since `since` when given (If-Modified-Since): page 1, 2, … until
   * `pagination.pageCount`, or, without it, until a page holds fewer than 100 records.
   */
  async function* pages<T>(resource: XeroResource, schema: z.ZodType<T>, opts: { since?: Date | null } = {}): AsyncGenerator<{ items: T[]; page: number; pageCount: number | null }> {
    const headers: Record<string, string> = opts.since ? { 'if-modified-since': formatIfModifiedSince(opts.since) } : {};
    const envelope = z.object({ pagination: xeroPaginationSchema.optional(), records: z.array(z.unknown()) });
    for (let page = 1; ; page += 1) {
      const answer = await get(`/api.xro/2.0/${resource}`, { page: String(page) }, headers) as Record<string, unknown> | null;
      const body = envelope.safeParse({ pagination: answer?.pagination ?? undefined, records: answer?.[resource] });
      if (!body.success) throw new IntegrationError('xero', 'bad_payload', `Xero ${resource} page ${page} is not a list of ${resource}.`);
      const raw = body.data.records;
      const items = raw.map((item, index) => {
        const parsed = schema.safeParse(item);
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        throw new IntegrationError('xero', 'bad_payload', `Xero ${resource} page ${page}, record ${index + 1}: ${issue?.path.join('.') || 'record'} ${issue?.message ?? 'is invalid'}.`);
      });
      const pageCount = body.data.pagination?.pageCount ?? null;
      yield { items, page, pageCount };
      if (pageCount !== null ? page >= pageCount : raw.length < 100) return;
    }
  }

  return { get, pages, limits };
}

/** The answer and its body, read while the call still counts as in flight; null when none came. */
async function send(url: URL, headers: Record<string, string>): Promise<{ res: Response; text: string } | null> {
  try {
    const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { res, text: await res.text() };
  } catch {
    return null;
  }
}

function readJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new IntegrationError('xero', 'bad_payload', `Xero ${path} answered 200 with something that is not JSON (${text.length} bytes).`, { status: 200 });
  }
}
