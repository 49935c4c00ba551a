import { randomBytes, randomUUID } from 'node:crypto';
import { formatXeroDate } from './xero-dates';

// The state behind the fake Xero (fake-xero.server.ts): organisations and their records, the
// identity server's codes, grants and tokens, per-organisation call counters, the faults queued
// by a test, and the clock everything reads. Tests and the demo mode drive it directly.

export interface FakeClock { now(): number; advance(ms: number): void; set(ms: number): void }

/** A clock that starts at `start` and moves only when told. */
export function fakeClock(start: number = Date.now()): FakeClock {
  let at = start;
  return { now: () => at, advance: (ms) => { at += ms; }, set: (ms) => { at = ms; } };
}

export type FakeXeroResource = 'Invoices' | 'Payments' | 'Contacts';
export const RESOURCE_ID: Record<FakeXeroResource, string> = { Invoices: 'InvoiceID', Payments: 'PaymentID', Contacts: 'ContactID' };

/** A fault the next matching call meets; queued by `fake.fail()`. */
export type FakeXeroFault =
  /** An API call answers 429 for this reason, with `Retry-After` unless it is null. */
  | { kind: 'rate-limit'; retryAfterSeconds: number | null; problem?: 'minute' | 'day' | 'concurrent' | 'appminute' }
  /** An API call answers this 5xx. */
  | { kind: 'server-error'; status?: number }
  /** An API call answers 200 with JSON cut short. */
  | { kind: 'malformed' }
  /** A token call is carried out (a refresh rotates the token) and then the connection drops unanswered. */
  | { kind: 'drop-token-response' }
  /** A token call answers 503 without doing anything. */
  | { kind: 'token-server-error' };

export interface FakeXeroOptions {
  clientId: string;
  clientSecret: string;
  clock?: FakeClock;
  /** Per organisation. */
  minuteLimit?: number;
  dayLimit?: number;
  concurrentLimit?: number;
  appMinuteLimit?: number;
  /** How long each API call takes to answer (to see concurrency); 0 unless told. */
  latencyMs?: number;
}

export interface FakeOrg { tenantId: string; name: string; records: Record<FakeXeroResource, Map<string, { record: Record<string, unknown>; updatedAt: number }>> }
interface Grant { tenants: string[]; scope: string }
interface RefreshToken { grantId: string; issuedAt: number; rotatedAt: number | null }
interface Usage { minuteStart: number; minuteCalls: number; dayStart: number; dayCalls: number; inFlight: number; maxInFlight: number }

export const ACCESS_TOKEN_TTL_MS = 30 * 60_000;
/** How long a rotated refresh token is still honoured (a client that lost the answer retries). */
export const REFRESH_GRACE_MS = 30 * 60_000;
/** An unused refresh token dies after 60 days. */
export const REFRESH_TTL_MS = 60 * 24 * 3_600_000;
const CODE_TTL_MS = 5 * 60_000;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

export type RefreshOutcome = { ok: true; grantId: string } | { ok: false; reason: string };

export function createFakeXeroState(options: FakeXeroOptions) {
  const clock = options.clock ?? fakeClock();
  const limits = {
    minute: options.minuteLimit ?? 60, day: options.dayLimit ?? 5_000,
    concurrent: options.concurrentLimit ?? 5, appMinute: options.appMinuteLimit ?? 10_000,
  };
  const orgs = new Map<string, FakeOrg>();
  const codes = new Map<string, { tenants: string[]; redirectUri: string; scope: string; expiresAt: number; used: boolean }>();
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, RefreshToken>();
  const accessTokens = new Map<string, { grantId: string; expiresAt: number }>();
  const usage = new Map<string, Usage>();
  const app = { minuteStart: clock.now(), calls: 0 };
  const faults: FakeXeroFault[] = [];
  const stats = {
    /** Every token call: its grant type and the refresh token presented. */
    tokenCalls: [] as { grantType: string; refreshToken?: string; outcome: string }[],
    apiCalls: [] as { resource: string; tenantId: string | null; page: number | null; ifModifiedSince: string | null; status: number }[],
  };
  const token = () => randomBytes(24).toString('base64url');

  function issueTokens(grantId: string) {
    const accessToken = token();
    const refreshToken = token();
    accessTokens.set(accessToken, { grantId, expiresAt: clock.now() + ACCESS_TOKEN_TTL_MS });
    refreshTokens.set(refreshToken, { grantId, issuedAt: clock.now(), rotatedAt: null });
    return { access_token: accessToken, expires_in: ACCESS_TOKEN_TTL_MS / 1000, token_type: 'Bearer', refresh_token: refreshToken, scope: grants.get(grantId)!.scope };
  }

  function usageOf(tenantId: string): Usage {
    let u = usage.get(tenantId);
    if (!u) usage.set(tenantId, u = { minuteStart: clock.now(), minuteCalls: 0, dayStart: clock.now(), dayCalls: 0, inFlight: 0, maxInFlight: 0 });
    if (clock.now() - u.minuteStart >= MINUTE_MS) Object.assign(u, { minuteStart: clock.now(), minuteCalls: 0 });
    if (clock.now() - u.dayStart >= DAY_MS) Object.assign(u, { dayStart: clock.now(), dayCalls: 0 });
    return u;
  }

  return {
    clock, limits, orgs, faults, stats, options,
    addOrganisation(name: string, tenantId: string = randomUUID()): FakeOrg {
      const org: FakeOrg = { tenantId, name, records: { Invoices: new Map(), Payments: new Map(), Contacts: new Map() } };
      orgs.set(tenantId, org);
      return org;
    },
    /** Adds or changes a record, stamped `UpdatedDateUTC` now (or at `updatedAt`). */
    put(tenantId: string, resource: FakeXeroResource, record: Record<string, unknown>, updatedAt: number = clock.now()): void {
      const org = orgs.get(tenantId);
      if (!org) throw new Error(`no fake organisation ${tenantId}`);
      const id = String(record[RESOURCE_ID[resource]]);
      org.records[resource].set(id, { record: { ...record, UpdatedDateUTC: formatXeroDate(updatedAt) }, updatedAt });
    },
    issueCode(tenants: string[], redirectUri: string, scope: string): string {
      const code = token();
      codes.set(code, { tenants, redirectUri, scope, expiresAt: clock.now() + CODE_TTL_MS, used: false });
      return code;
    },
    /** The grant a code opens, once, for the redirect URI it was issued to. */
    redeemCode(code: string, redirectUri: string): ReturnType<typeof issueTokens> | null {
      const entry = codes.get(code);
      if (!entry || entry.used || entry.expiresAt < clock.now() || entry.redirectUri !== redirectUri) return null;
      entry.used = true;
      const grantId = randomUUID();
      grants.set(grantId, { tenants: entry.tenants, scope: entry.scope });
      return issueTokens(grantId);
    },
    /** Rotation as Xero does it: a new pair every time; the old refresh token lives on for the grace period. */
    refresh(refreshToken: string): { tokens: ReturnType<typeof issueTokens> } | { error: string } {
      const entry = refreshTokens.get(refreshToken);
      const now = clock.now();
      if (!entry || !grants.has(entry.grantId)) return { error: 'unknown refresh token' };
      if (entry.rotatedAt !== null && now > entry.rotatedAt + REFRESH_GRACE_MS) return { error: 'refresh token already used and past its grace period' };
      if (entry.rotatedAt === null && now > entry.issuedAt + REFRESH_TTL_MS) return { error: 'refresh token expired' };
      entry.rotatedAt ??= now;
      return { tokens: issueTokens(entry.grantId) };
    },
    /** The grant behind a live access token, or null (unknown or expired). */
    grantFor(accessToken: string): { grantId: string; grant: Grant } | null {
      const entry = accessTokens.get(accessToken);
      if (!entry || entry.expiresAt <= clock.now()) return null;
      return { grantId: entry.grantId, grant: grants.get(entry.grantId)! };
    },
    expireAccessTokens(): void {
      for (const entry of accessTokens.values()) entry.expiresAt = clock.now();
    },
    /** A person disconnected the app in Xero: its refresh and access tokens die. */
    revokeGrants(): void {
      grants.clear();
      accessTokens.clear();
    },
    takeFault(kinds: FakeXeroFault['kind'][]): FakeXeroFault | null {
      const index = faults.findIndex((f) => kinds.includes(f.kind));
      return index < 0 ? null : faults.splice(index, 1)[0]!;
    },
    /** Counts a call against the organisation's limits, or says which limit it hits and for how long. */
    admit(tenantId: string): { ok: true } | { ok: false; problem: 'minute' | 'day' | 'concurrent' | 'appminute'; retryAfterMs: number } {
      const u = usageOf(tenantId);
      const now = clock.now();
      if (now - app.minuteStart >= MINUTE_MS) Object.assign(app, { minuteStart: now, calls: 0 });
      if (u.inFlight >= limits.concurrent) return { ok: false, problem: 'concurrent', retryAfterMs: 1_000 };
      if (u.dayCalls >= limits.day) return { ok: false, problem: 'day', retryAfterMs: u.dayStart + DAY_MS - now };
      if (u.minuteCalls >= limits.minute) return { ok: false, problem: 'minute', retryAfterMs: u.minuteStart + MINUTE_MS - now };
      if (app.calls >= limits.appMinute) return { ok: false, problem: 'appminute', retryAfterMs: app.minuteStart + MINUTE_MS - now };
      u.minuteCalls += 1;
      u.dayCalls += 1;
      app.calls += 1;
      return { ok: true };
    },
    enter(tenantId: string): void {
      const u = usageOf(tenantId);
      u.inFlight += 1;
      u.maxInFlight = Math.max(u.maxInFlight, u.inFlight);
    },
    leave(tenantId: string): void {
      usageOf(tenantId).inFlight -= 1;
    },
    remaining(tenantId: string): { minute: number; day: number; appMinute: number } {
      const u = usageOf(tenantId);
      return { minute: Math.max(0, limits.minute - u.minuteCalls), day: Math.max(0, limits.day - u.dayCalls), appMinute: Math.max(0, limits.appMinute - app.calls) };
    },
    maxInFlight(tenantId: string): number {
      return usage.get(tenantId)?.maxInFlight ?? 0;
    },
    refreshTokenState(refreshToken: string): RefreshToken | undefined {
      return refreshTokens.get(refreshToken);
    },
  };
}

export type FakeXeroState = ReturnType<typeof createFakeXeroState>;
