import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatXeroDate, parseIfModifiedSince } from './xero-dates';
import { createFakeXeroState, type FakeXeroFault, type FakeXeroOptions, type FakeXeroResource, type FakeXeroState } from './fake-xero.state';

// Xero on loopback, for the tests and the demo mode: one node:http server plays the login host
// (consent), the identity host (tokens, with rotation and the 30-minute grace), the connections
// endpoint and the accounting API (Invoices, Payments, Contacts: pages of 100, If-Modified-Since,
// per-organisation limits with their headers and 429 Retry-After). See ../../../../shared/VENDORS.md.

const PAGE_SIZE = 100;
const RESOURCES = new Set<string>(['Invoices', 'Payments', 'Contacts']);

export interface FakeXero extends FakeXeroState {
  /** The base URL for XERO_LOGIN_URL, XERO_IDENTITY_URL and XERO_API_URL alike. */
  url: string;
  /** Who consents at the authorize page: the organisations granted (all unless told), or a refusal. */
  consent: { tenants?: string[]; deny?: boolean };
  /** Queues a fault for the next matching call(s). */
  fail(fault: FakeXeroFault, times?: number): void;
  close(): Promise<void>;
}

export async function startFakeXero(options: FakeXeroOptions): Promise<FakeXero> {
  const state = createFakeXeroState(options);
  const fake: FakeXero = Object.assign(state, {
    url: '',
    consent: {},
    fail(fault: FakeXeroFault, times = 1) { for (let i = 0; i < times; i += 1) state.faults.push(fault); },
    close: async () => undefined,
  });

  const server = createServer((req, res) => {
    handle(fake, req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return fake;
}

async function handle(fake: FakeXero, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', fake.url);
  if (req.method === 'GET' && url.pathname === '/identity/connect/authorize') return authorize(fake, url, res);
  if (req.method === 'POST' && url.pathname === '/connect/token') return token(fake, req, res);
  if (req.method === 'GET' && url.pathname === '/connections') return connections(fake, req, res);
  const api = /^\/api\.xro\/2\.0\/(\w+)$/.exec(url.pathname);
  if (req.method === 'GET' && api && RESOURCES.has(api[1]!)) return list(fake, api[1] as FakeXeroResource, url, req, res);
  json(res, 404, { Title: 'Not Found', Status: 404 });
}

/** The consent page, answered at once as the person would: back to the redirect URI with a code. */
function authorize(fake: FakeXero, url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  const redirect = q.get('redirect_uri');
  if (q.get('client_id') !== fake.options.clientId || !redirect || q.get('response_type') !== 'code') {
    return json(res, 400, { error: 'invalid_request' });
  }
  const back = new URL(redirect);
  if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
  if (fake.consent.deny) back.searchParams.set('error', 'access_denied');
  else back.searchParams.set('code', fake.issueCode(fake.consent.tenants ?? [...fake.orgs.keys()], redirect, q.get('scope') ?? ''));
  res.writeHead(302, { location: back.toString() }).end();
}

async function token(fake: FakeXero, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await body(req));
  const grantType = form.get('grant_type') ?? '';
  const record = (outcome: string) => fake.stats.tokenCalls.push({ grantType, refreshToken: form.get('refresh_token') ?? undefined, outcome });
  if (!basicAuthMatches(req.headers.authorization, fake.options.clientId, fake.options.clientSecret)) {
    record('invalid_client');
    return json(res, 401, { error: 'invalid_client' });
  }
  const fault = fake.takeFault(['drop-token-response', 'token-server-error']);
  if (fault?.kind === 'token-server-error') {
    record('503');
    return json(res, 503, { error: 'temporarily_unavailable' });
  }
  let answer: object | null = null;
  if (grantType === 'authorization_code') answer = fake.redeemCode(form.get('code') ?? '', form.get('redirect_uri') ?? '');
  else if (grantType === 'refresh_token') {
    const outcome = fake.refresh(form.get('refresh_token') ?? '');
    answer = 'tokens' in outcome ? outcome.tokens : null;
  }
  if (!answer) {
    record('invalid_grant');
    return json(res, 400, { error: 'invalid_grant' });
  }
  if (fault?.kind === 'drop-token-response') {
    record('dropped');
    // Xero has rotated the token; the answer never arrives.
    req.socket.destroy();
    return;
  }
  record('ok');
  json(res, 200, answer);
}

function connections(fake: FakeXero, req: IncomingMessage, res: ServerResponse): void {
  const grant = fake.grantFor(bearer(req));
  if (!grant) return json(res, 401, { Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired' });
  const now = new Date(fake.clock.now()).toISOString();
  json(res, 200, grant.grant.tenants.map((tenantId) => ({
    id: `conn-${tenantId}`, authEventId: grant.grantId, tenantId, tenantType: 'ORGANISATION',
    tenantName: fake.orgs.get(tenantId)?.name ?? null, createdDateUtc: now, updatedDateUtc: now,
  })));
}

async function list(fake: FakeXero, resource: FakeXeroResource, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const tenantId = header(req, 'xero-tenant-id');
  const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : null;
  const since = header(req, 'if-modified-since');
  const call = { resource, tenantId, page, ifModifiedSince: since, status: 0 };
  fake.stats.apiCalls.push(call);
  const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    call.status = status;
    json(res, status, payload, { ...headers, ...(tenantId && fake.orgs.has(tenantId) ? limitHeaders(fake, tenantId) : {}) });
  };
  const grant = fake.grantFor(bearer(req));
  if (!grant) return answer(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired or invalid' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
  if (!tenantId || !grant.grant.tenants.includes(tenantId) || !fake.orgs.has(tenantId)) {
    return answer(403, { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' });
  }
  // Xero answers XML unless asked for JSON.
  if (!(req.headers.accept ?? '').includes('application/json')) {
    call.status = 200;
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(`<Response><Status>OK</Status><${resource} /></Response>`);
    return;
  }
  const fault = fake.takeFault(['rate-limit', 'server-error', 'malformed']);
  if (fault?.kind === 'rate-limit') {
    const headers: Record<string, string> = { 'x-rate-limit-problem': fault.problem ?? 'minute' };
    if (fault.retryAfterSeconds !== null) headers['retry-after'] = String(fault.retryAfterSeconds);
    return answer(429, { Title: 'Too Many Requests', Status: 429 }, headers);
  }
  if (fault?.kind === 'server-error') return answer(fault.status ?? 503, { Title: 'Service Unavailable', Status: fault.status ?? 503 });
  const admitted = fake.admit(tenantId);
  if (!admitted.ok) {
    return answer(429, { Title: 'Too Many Requests', Status: 429 }, { 'retry-after': String(Math.max(1, Math.ceil(admitted.retryAfterMs / 1000))), 'x-rate-limit-problem': admitted.problem });
  }
  fake.enter(tenantId);
  try {
    if (fake.options.latencyMs) await sleep(fake.options.latencyMs);
  } finally {
    fake.leave(tenantId);
  }
  if (fault?.kind === 'malformed') {
    call.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', ...limitHeaders(fake, tenantId) }).end(`{"Id":"x","Status":"OK","${resource}":[{"`);
    return;
  }
  const sinceMs = since === null ? null : parseIfModifiedSince(since)?.getTime() ?? null;
  if (since !== null && sinceMs === null) return answer(400, { Title: 'Bad Request', Status: 400, Detail: 'If-Modified-Since is not a date' });
  const all = [...fake.orgs.get(tenantId)!.records[resource].values()]
    .filter((entry) => sinceMs === null || entry.updatedAt >= sinceMs)
    .sort((a, b) => a.updatedAt - b.updatedAt || String(a.record.UpdatedDateUTC).localeCompare(String(b.record.UpdatedDateUTC)))
    .map((entry) => entry.record);
  const pageCount = Math.ceil(all.length / PAGE_SIZE);
  const items = page === null ? all : all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  answer(200, {
    Id: randomUUID(), Status: 'OK', ProviderName: 'CapLiquify', DateTimeUTC: formatXeroDate(fake.clock.now()),
    ...(page === null ? {} : { pagination: { page, pageSize: PAGE_SIZE, pageCount, itemCount: all.length } }),
    [resource]: items,
  });
}

function limitHeaders(fake: FakeXero, tenantId: string): Record<string, string> {
  const left = fake.remaining(tenantId);
  return { 'x-minlimit-remaining': String(left.minute), 'x-daylimit-remaining': String(left.day), 'x-appminlimit-remaining': String(left.appMinute) };
}

function basicAuthMatches(authorization: string | undefined, clientId: string, clientSecret: string): boolean {
  const expected = Buffer.from(`Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`);
  const given = Buffer.from(authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function bearer(req: IncomingMessage): string {
  return /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value ? value : null;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
}
