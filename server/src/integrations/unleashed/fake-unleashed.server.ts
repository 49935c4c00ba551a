import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseUnleashedDate } from './unleashed-dates';
import { quotaPeriod } from './unleashed-quota.rules';
import { rawQueryString, unleashedSignatureMatches } from './unleashed-signature';

/** A failure the next authenticated request gets instead of its answer. */
export type UnleashedFault =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'malformed' }
  | { kind: 'quota-spent' }
  | { kind: 'drop' };

export interface FakeUnleashedOptions {
  apiId: string;
  apiKey: string;
  /** Calls allowed per calendar month (UTC) of the fake's clock; unlimited when absent. */
  monthlyQuota?: number;
  /** Records by endpoint (`Products`, `StockOnHand`…), in Unleashed's shapes (`LastModifiedOn: "/Date(ms)/"`). */
  data?: Record<string, Record<string, unknown>[]>;
  now?: Date;
}

export interface FakeUnleashedRequest { target: string; query: string; status: number }

export interface FakeUnleashed {
  url: string;
  /** Every request, answered or refused, in order. */
  requests: FakeUnleashedRequest[];
  /** Adds or replaces (by Guid, or ProductGuid + WarehouseCode) records of an endpoint. */
  put(endpoint: string, ...records: Record<string, unknown>[]): void;
  setNow(at: Date): void;
  setMonthlyQuota(quota: number | undefined): void;
  /** Calls counted against the quota in the month of the fake's clock. */
  callsThisMonth(): number;
  /**
   * The next `times` authenticated requests (only those whose target starts with `path`, when
   * given) fail this way, in order of injection.
   */
  inject(fault: UnleashedFault, options?: { times?: number; path?: string }): void;
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 200;
const MAX_PAGE_SIZE = 1_000;
const QUOTA_SPENT = 'You have reached your API usage limit and requests are blocked until the limit resets on the 1st of next month.';

/**
 * A stand-in for Unleashed's API on 127.0.0.1 for tests and the demo. Like the real one it checks
 * `api-auth-id` and the `api-auth-signature` over the raw query string (403 otherwise), wants the
 * documented headers, pages `/{endpoint}/{page}?pageSize=N` (at most 1,000), filters
 * `modifiedSince` (inclusive, UTC), counts every authenticated call against a monthly quota that
 * resets on the 1st (00:00 UTC) of its clock, and refuses every call once it is spent.
 */
export async function startFakeUnleashed(options: FakeUnleashedOptions): Promise<FakeUnleashed> {
  const data = new Map<string, Record<string, unknown>[]>(Object.entries(structuredClone(options.data ?? {})));
  const calls = new Map<string, number>();
  const faults: { fault: UnleashedFault; path: string }[] = [];
  const requests: FakeUnleashedRequest[] = [];
  let now = options.now ?? new Date();
  let monthlyQuota = options.monthlyQuota;

  function answer(res: ServerResponse, target: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
    requests.push({ target, query: rawQueryString(target), status });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '/';
    const query = rawQueryString(target);
    const signature = req.headers['api-auth-signature'];
    if (req.headers['api-auth-id'] !== options.apiId || typeof signature !== 'string' || !unleashedSignatureMatches(query, options.apiKey, signature)) {
      answer(res, target, 403, { Description: 'Forbidden: the api-auth-id or api-auth-signature is not valid for this request' });
      return;
    }
    if (req.headers.accept !== 'application/json' || req.headers['content-type'] !== 'application/json' || !req.headers['client-type']) {
      answer(res, target, 400, { Description: 'Accept and Content-Type must be application/json, and client-type must name the integration' });
      return;
    }
    const period = quotaPeriod(now);
    const used = calls.get(period) ?? 0;
    if (monthlyQuota !== undefined && used >= monthlyQuota) {
      answer(res, target, 429, { Description: QUOTA_SPENT });
      return;
    }
    calls.set(period, used + 1);
    const at = faults.findIndex((f) => target.startsWith(f.path));
    if (at !== -1) {
      injectFault(res, target, faults.splice(at, 1)[0]!.fault);
      return;
    }
    if (req.method !== 'GET') {
      answer(res, target, 405, { Description: 'The fake serves reads only' });
      return;
    }
    list(res, target);
  }

  function injectFault(res: ServerResponse, target: string, fault: UnleashedFault): void {
    switch (fault.kind) {
      case 'status': return answer(res, target, fault.status, { Description: 'Internal error' });
      case 'rate-limit': return answer(res, target, 429, { Description: 'Too many requests' }, fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) });
      case 'malformed': return answer(res, target, 200, '{"Pagination": {"NumberOfItems": 1, "Items": [');
      case 'quota-spent': return answer(res, target, 429, { Description: QUOTA_SPENT });
      case 'drop':
        requests.push({ target, query: rawQueryString(target), status: 0 });
        res.socket?.destroy();
    }
  }

  function list(res: ServerResponse, target: string): void {
    const url = new URL(target, 'http://fake');
    const [endpoint, pageText = '1', ...rest] = url.pathname.split('/').filter(Boolean);
    const records = endpoint === undefined ? undefined : data.get(endpoint);
    if (!records || rest.length > 0 || !/^\d+$/.test(pageText) || Number(pageText) < 1) {
      answer(res, target, 404, { Description: `No such resource: ${url.pathname}` });
      return;
    }
    const pageSize = Number(url.searchParams.get('pageSize') ?? DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      answer(res, target, 400, { Description: `pageSize must be between 1 and ${MAX_PAGE_SIZE}` });
      return;
    }
    const sinceText = url.searchParams.get('modifiedSince');
    const since = sinceText === null ? null : parseUnleashedDate(sinceText);
    if (sinceText !== null && since === null) {
      answer(res, target, 400, { Description: `modifiedSince is not a date: ${sinceText}` });
      return;
    }
    const status = url.searchParams.get('assemblyStatus')?.split(',').map((s) => s.trim().toLowerCase());
    const matching = records
      .filter((r) => since === null || modifiedOn(r) >= since.getTime())
      .filter((r) => !status || status.includes(String(r.AssemblyStatus).toLowerCase()))
      .sort((a, b) => modifiedOn(a) - modifiedOn(b) || keyOf(a).localeCompare(keyOf(b)));
    const page = Number(pageText);
    answer(res, target, 200, {
      Pagination: { NumberOfItems: matching.length, PageSize: pageSize, PageNumber: page, NumberOfPages: Math.ceil(matching.length / pageSize) },
      Items: matching.slice((page - 1) * pageSize, page * pageSize),
    });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    put(endpoint, ...records) {
      const rows = data.get(endpoint) ?? [];
      for (const record of records) {
        const at = rows.findIndex((r) => keyOf(r) === keyOf(record));
        if (at === -1) rows.push(structuredClone(record));
        else rows[at] = structuredClone(record);
      }
      data.set(endpoint, rows);
    },
    setNow(at) { now = at; },
    setMonthlyQuota(quota) { monthlyQuota = quota; },
    callsThisMonth: () => calls.get(quotaPeriod(now)) ?? 0,
    inject(fault, { times = 1, path = '/' } = {}) { for (let i = 0; i < times; i++) faults.push({ fault, path }); },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

function modifiedOn(record: Record<string, unknown>): number {
  const value = record.LastModifiedOn;
  return typeof value === 'string' ? parseUnleashedDate(value)?.getTime() ?? 0 : 0;
}

/** Stock on hand has one record per product and warehouse; everything else has its own Guid. */
function keyOf(record: Record<string, unknown>): string {
  return typeof record.Guid === 'string' ? record.Guid : `${String(record.ProductGuid)}|${String(record.WarehouseCode)}`;
}
