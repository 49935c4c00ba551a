import { TRPCClientError, createTRPCUntypedClient, httpLink } from '@trpc/client';
import { z } from 'zod';
import {
  DEVICE_AUTH_SCHEME, ErrorCode, HEADER_APP_VERSION, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, SYNC_DIAGNOSTICS_PATH, SYNC_PULL_PATH,
  changeSchema, enrollResponseSchema, pullResponseSchema, pushResponseSchema,
  type Change, type EnrollRequest, type EnrollResponse, type PullRequest, type PullResponse, type PushRequest, type PushResponse,
} from '@capliquify/shared';
import {
  authenticatorConfirmedSchema, authenticatorSecretSchema, refreshAnswerSchema, signInAnswerSchema, type SignInTransport,
} from '../session/sign-in-answer';
import type { ServerClock } from './server-clock';
import { describeUpdateRequired, type ClientVersions, type OutdatedSide } from './version-mismatch';

/** The sync server's tRPC procedures the desktop calls (paths and kinds on the AppRouter); pull has a plain route. */
export const SYNC_PROCEDURES = {
  enroll: { path: 'sync.enroll', type: 'mutation' },
  push: { path: 'sync.push', type: 'mutation' },
  /** A person signing in at this station: the server binds the sign-in to the device credential sent with it. */
  signIn: { path: 'auth.signIn', type: 'mutation' },
  /** The person's own calls, sent with their access token instead of the device credential. */
  refresh: { path: 'auth.refresh', type: 'mutation' },
  beginTotp: { path: 'auth.beginTotp', type: 'mutation' },
  confirmTotp: { path: 'auth.confirmTotp', type: 'mutation' },
} as const;

/**
 * Calls a person makes with their own access token beyond signing in (the admin screens): any
 * server procedure, and a multipart upload to a plain route. Answers are unchecked here; the
 * caller parses them with its own schema. Failures come out as classified `SyncTransportError`s.
 */
export interface PersonCalls {
  callAsPerson(procedure: { path: string; type: 'query' | 'mutation' }, input: unknown, accessToken: string): Promise<unknown>;
  uploadAsPerson(routePath: string, form: FormData, accessToken: string): Promise<unknown>;
  /** GETs a file from a plain route (a diagnostic bundle), whole. */
  downloadAsPerson(routePath: string, accessToken: string): Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** The device's upload of a diagnostic bundle its pull answer asked for (`diagnosticsRequested`). */
export interface DiagnosticsUpload {
  uploadDiagnostics(requestId: string, bundle: { bytes: Uint8Array; contentType: string }): Promise<void>;
}

/**
 * A pulled change as this build reads it: `entity` may name a kind a newer server added, which the
 * replica keeps without a typed table (see `applyPullPage`).
 */
export type PulledChange = Omit<Change, 'entity'> & { entity: string };
export type PulledPage = Omit<PullResponse, 'changes'> & { changes: PulledChange[] };

export interface SyncTransport {
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PulledPage>;
}

/**
 * A pull answer checked down to each change's envelope; a row's document is only checked to be an
 * object here, because writing it parses it with its entity's own schema (`writeTypedRows`), and
 * a second deep parse of every row of a 100,000-row bootstrap is time the station waits for. Any
 * entity name passes: an entity a newer server added must not fail an older desktop's pull.
 */
const pullAnswerSchema = pullResponseSchema.extend({
  changes: z.array(changeSchema.extend({
    entity: z.string().min(1),
    data: z.custom<Record<string, unknown> | null>((v) => v === null || (typeof v === 'object' && !Array.isArray(v)), 'a row document is an object or null'),
  })),
});

/** What the engine does about a failure: retry later, or stop and tell the person. */
export type SyncFailureKind = 'unreachable' | 'transient' | 'update_required' | 'revoked' | 'unauthorized' | 'mutation_gap' | 'too_large';

export interface SyncTransportErrorOptions extends ErrorOptions {
  /** For `update_required`: which side is too old, when the server said what it accepts. */
  outdated?: OutdatedSide | null;
  /** The `details` of the server's error (e.g. ACCOUNT_LOCKED's `retryAfterSeconds`). */
  details?: Record<string, unknown> | null;
}

export class SyncTransportError extends Error {
  override readonly name = 'SyncTransportError';
  readonly outdated: OutdatedSide | null;
  readonly details: Record<string, unknown> | null;
  constructor(readonly kind: SyncFailureKind, message: string, readonly code: string | null = null, options?: SyncTransportErrorOptions) {
    super(message, options);
    this.outdated = options?.outdated ?? null;
    this.details = options?.details ?? null;
  }
}

export interface SyncTransportOptions extends Partial<ClientVersions> {
  serverUrl: string;
  /** Read on every call, so an enrollment takes effect without rebuilding the transport. */
  credential(): string | null;
  timeoutMs?: number;
  /** Told the `date` header of every answer, to measure this device's clock against the server's. */
  clock?: Pick<ServerClock, 'observe' | 'localNow'>;
  /** The app's own version, sent with every call so the fleet screen knows what each device runs. */
  appVersion?: string;
}

type Fetch = (url: string | URL | Request, init: RequestInit) => Promise<Response>;

/**
 * The sync procedures over tRPC, validated against the shared wire schemas. Untyped on purpose:
 * the desktop codes against `shared/src/protocol/sync.schema.ts`, not the server's router type,
 * so either side can ship first. Every failure comes out as a classified `SyncTransportError`.
 */
export function createSyncTransport(options: SyncTransportOptions): SyncTransport & SignInTransport & PersonCalls & DiagnosticsUpload {
  const { serverUrl, credential, timeoutMs = 30_000, clock, appVersion } = options;
  const send: Fetch = clock === undefined ? fetch : async (url, init) => {
    const sentAt = clock.localNow();
    const res = await fetch(url, init);
    clock.observe(res.headers.get('date'), sentAt, clock.localNow());
    return res;
  };
  // Injectable so tests can play an older or newer app; a build always sends its own constants.
  const sent: ClientVersions = { protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION, schemaVersion: options.schemaVersion ?? SCHEMA_VERSION };
  const classify = (error: unknown) => classifySyncError(error, sent);
  /** The version headers always; a person's access token when the call is theirs, else the device credential. */
  const headers = (bearer?: unknown): Record<string, string> => {
    const token = credential();
    return {
      [HEADER_PROTOCOL_VERSION]: String(sent.protocolVersion),
      [HEADER_SCHEMA_VERSION]: String(sent.schemaVersion),
      ...(appVersion === undefined ? {} : { [HEADER_APP_VERSION]: appVersion }),
      ...(typeof bearer === 'string' ? { authorization: `Bearer ${bearer}` } : token ? { authorization: `${DEVICE_AUTH_SCHEME} ${token}` } : {}),
    };
  };
  const client = createTRPCUntypedClient({
    links: [httpLink({
      url: `${serverUrl}/trpc`,
      headers: ({ op }) => headers(op.context.bearer),
      fetch: (url, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return send(url, { ...init, signal } as RequestInit);
      },
    })],
  });
  const call = async <T>(procedure: { path: string; type: 'query' | 'mutation' }, input: unknown, parse: (value: unknown) => T, bearer?: string): Promise<T> => {
    let answer: unknown;
    const options = bearer === undefined ? undefined : { context: { bearer } };
    try {
      answer = procedure.type === 'query' ? await client.query(procedure.path, input, options) : await client.mutation(procedure.path, input, options);
    } catch (error) {
      throw classify(error);
    }
    try {
      return parse(answer);
    } catch (error) {
      throw new SyncTransportError('transient', `The server's answer to ${procedure.path} did not match the protocol`, null, { cause: error });
    }
  };
  return {
    enroll: (request) => call(SYNC_PROCEDURES.enroll, request, (v) => enrollResponseSchema.parse(v)),
    push: (request) => call(SYNC_PROCEDURES.push, request, (v) => pushResponseSchema.parse(v)),
    signIn: (request) => call(SYNC_PROCEDURES.signIn, request, (v) => signInAnswerSchema.parse(v)),
    refresh: (refreshToken) => call(SYNC_PROCEDURES.refresh, { refreshToken }, (v) => refreshAnswerSchema.parse(v)),
    beginTotp: (accessToken) => call(SYNC_PROCEDURES.beginTotp, undefined, (v) => authenticatorSecretSchema.parse(v), accessToken),
    confirmTotp: (accessToken, code) => call(SYNC_PROCEDURES.confirmTotp, { code }, (v) => authenticatorConfirmedSchema.parse(v), accessToken),
    callAsPerson: (procedure, input, accessToken) => call(procedure, input, (v) => v, accessToken),
    // Uploads take longer than a sync call: the file's size, not the timeout, bounds them.
    uploadAsPerson: (routePath, form, accessToken) => postForm(send, `${serverUrl}${routePath}`, form, headers(accessToken), Math.max(timeoutMs, 300_000))
      .catch((error: unknown) => Promise.reject(classify(error))),
    downloadAsPerson: (routePath, accessToken) => getBytes(send, `${serverUrl}${routePath}`, headers(accessToken), Math.max(timeoutMs, 120_000))
      .catch((error: unknown) => Promise.reject(classify(error))),
    uploadDiagnostics: async (requestId, bundle) => {
      const url = `${serverUrl}${SYNC_DIAGNOSTICS_PATH}?requestId=${encodeURIComponent(requestId)}`;
      // A byte body, so fetch declares its Content-Length: the server refuses a bundle without one.
      await postBytes(send, url, bundle, headers(), Math.max(timeoutMs, 120_000)).catch((error: unknown) => Promise.reject(classify(error)));
    },
    // The hot path after every poke goes through the server's plain route (no tRPC per-call cost).
    pull: async (request) => {
      const answer = await postJson(send, `${serverUrl}${SYNC_PULL_PATH}`, request, headers(), timeoutMs).catch((error: unknown) => Promise.reject(classify(error)));
      try {
        return pullAnswerSchema.parse(answer);
      } catch (error) {
        throw new SyncTransportError('transient', `The server's answer to ${SYNC_PULL_PATH} did not match the protocol`, null, { cause: error });
      }
    },
  };
}

/** An HTTP answer other than 2xx (problem+json when our server sent it), before it is classified. */
class ProblemAnswer extends Error {
  constructor(readonly status: number, readonly problem: Record<string, unknown> | null) {
    super(`The sync server answered ${status}.`);
  }
}

/** POSTs JSON to a plain route; problem+json answers become classified errors. */
async function postJson(send: Fetch, url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await send(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unreachable(error);
  }
  let answer: unknown;
  try {
    answer = await res.json();
  } catch (error) {
    // A proxy's HTML error page says nothing about our server; a 413 still means "send less".
    if (res.status === 413) throw new ProblemAnswer(413, null);
    throw unreachable(error);
  }
  if (res.ok) return answer;
  throw new ProblemAnswer(res.status, isRecord(answer) ? answer : null);
}

/** POSTs a multipart form (fetch sets its boundary); problem+json answers become classified errors. */
async function postForm(send: Fetch, url: string, form: FormData, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await send(url, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unreachable(error);
  }
  const answer: unknown = await res.json().catch(() => null);
  if (res.ok) return answer;
  throw new ProblemAnswer(res.status, isRecord(answer) ? answer : null);
}

/** GETs a plain route's bytes; problem+json answers become classified errors. */
async function getBytes(send: Fetch, url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ bytes: Uint8Array; contentType: string }> {
  let res: Response;
  let bytes: Uint8Array;
  try {
    res = await send(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (error) {
    throw unreachable(error);
  }
  if (res.ok) return { bytes, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
  throw new ProblemAnswer(res.status, parseProblem(bytes));
}

/** POSTs raw bytes to a plain route; problem+json answers become classified errors. */
async function postBytes(send: Fetch, url: string, body: { bytes: Uint8Array; contentType: string }, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await send(url, { method: 'POST', headers: { ...headers, 'content-type': body.contentType }, body: body.bytes as Uint8Array<ArrayBuffer>, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unreachable(error);
  }
  const answer: unknown = await res.json().catch(() => null);
  if (res.ok) return answer;
  throw new ProblemAnswer(res.status, isRecord(answer) ? answer : null);
}

function parseProblem(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const answer: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isRecord(answer) ? answer : null;
  } catch {
    return null;
  }
}

function unreachable(error: unknown): SyncTransportError {
  const cause = error instanceof Error ? error.message : String(error);
  return new SyncTransportError('unreachable', `Cannot reach the sync server (${cause}).`, null, { cause: error });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a stable error code from the server means for the engine. */
function failureKindFor(code: string): SyncFailureKind {
  return code === ErrorCode.UpdateRequired ? 'update_required'
    : code === ErrorCode.DeviceRevoked ? 'revoked'
      : code === ErrorCode.Unauthorized ? 'unauthorized'
        : code === ErrorCode.MutationGap ? 'mutation_gap'
          : code === ErrorCode.PayloadTooLarge ? 'too_large'
            : 'transient';
}

/** A refusal carrying one of our codes; UPDATE_REQUIRED is reworded to say which side must update. */
function refusal(code: string, message: string, details: unknown, sent: ClientVersions | undefined, cause: unknown): SyncTransportError {
  const kind = failureKindFor(code);
  const detailed = isRecord(details) ? details : null;
  if (kind === 'update_required' && sent) {
    const mismatch = describeUpdateRequired(sent, detailed?.supported);
    if (mismatch) return new SyncTransportError(kind, mismatch.message, code, { cause, outdated: mismatch.outdated, details: detailed });
  }
  return new SyncTransportError(kind, message, code, { cause, details: detailed });
}

/**
 * Sorts any error from a sync call into what the engine should do about it. `sent` (the versions
 * the request carried) lets an UPDATE_REQUIRED say whether this app or the server is the old one.
 */
export function classifySyncError(error: unknown, sent?: ClientVersions): SyncTransportError {
  if (error instanceof SyncTransportError) return error;
  if (error instanceof ProblemAnswer) {
    const problem = error.problem ?? {};
    const code = typeof problem.code === 'string' ? problem.code : error.status === 413 ? ErrorCode.PayloadTooLarge : null;
    const message = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : error.message;
    return code ? refusal(code, message, problem, sent, error) : new SyncTransportError('transient', message, null, { cause: error });
  }
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: unknown; details?: unknown } | undefined;
    if (typeof data?.code === 'string') return refusal(data.code, error.message, data.details, sent, error);
    // Not a tRPC answer: the server's HTTP layer refused the request before tRPC saw it (a body
    // over its limit comes back as problem+json), or nothing answered at all.
    const response = error.meta?.response as Response | undefined;
    const problem = isRecord(error.meta?.responseJSON) ? error.meta.responseJSON : null;
    if (response && (typeof problem?.code === 'string' || response.status === 413)) return classifySyncError(new ProblemAnswer(response.status, problem), sent);
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new SyncTransportError('unreachable', `Cannot reach the sync server (${cause}).`, null, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SyncTransportError('transient', message, null, { cause: error });
}
