import { TRPCClientError, createTRPCUntypedClient, httpLink } from '@trpc/client';
import { z } from 'zod';
import {
  DEVICE_AUTH_SCHEME, ErrorCode, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, SYNC_PULL_PATH,
  changeSchema, enrollResponseSchema, pullResponseSchema, pushResponseSchema,
  type EnrollRequest, type EnrollResponse, type PullRequest, type PullResponse, type PushRequest, type PushResponse,
} from '@capliquify/shared';

/** The sync server's tRPC procedures the desktop calls (paths and kinds on the AppRouter); pull has a plain route. */
export const SYNC_PROCEDURES = {
  enroll: { path: 'sync.enroll', type: 'mutation' },
  push: { path: 'sync.push', type: 'mutation' },
} as const;

export interface SyncTransport {
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
}

/**
 * A pull answer checked down to each change's envelope; a row's document is only checked to be an
 * object here, because writing it parses it with its entity's own schema (`writeTypedRows`), and
 * a second deep parse of every row of a 100,000-row bootstrap is time the station waits for.
 */
const pullAnswerSchema = pullResponseSchema.extend({
  changes: z.array(changeSchema.extend({
    data: z.custom<Record<string, unknown> | null>((v) => v === null || (typeof v === 'object' && !Array.isArray(v)), 'a row document is an object or null'),
  })),
});

/** What the engine does about a failure: retry later, or stop and tell the person. */
export type SyncFailureKind = 'unreachable' | 'transient' | 'update_required' | 'revoked' | 'unauthorized' | 'mutation_gap';

export class SyncTransportError extends Error {
  override readonly name = 'SyncTransportError';
  constructor(readonly kind: SyncFailureKind, message: string, readonly code: string | null = null, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface SyncTransportOptions {
  serverUrl: string;
  /** Read on every call, so an enrollment takes effect without rebuilding the transport. */
  credential(): string | null;
  timeoutMs?: number;
}

/**
 * The sync procedures over tRPC, validated against the shared wire schemas. Untyped on purpose:
 * the desktop codes against `shared/src/protocol/sync.schema.ts`, not the server's router type,
 * so either side can ship first. Every failure comes out as a classified `SyncTransportError`.
 */
export function createSyncTransport({ serverUrl, credential, timeoutMs = 30_000 }: SyncTransportOptions): SyncTransport {
  const headers = (): Record<string, string> => {
    const token = credential();
    return {
      [HEADER_PROTOCOL_VERSION]: String(PROTOCOL_VERSION),
      [HEADER_SCHEMA_VERSION]: String(SCHEMA_VERSION),
      ...(token ? { authorization: `${DEVICE_AUTH_SCHEME} ${token}` } : {}),
    };
  };
  const client = createTRPCUntypedClient({
    links: [httpLink({
      url: `${serverUrl}/trpc`,
      headers,
      fetch: (url, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return fetch(url, { ...init, signal } as RequestInit);
      },
    })],
  });
  const call = async <T>(procedure: { path: string; type: 'query' | 'mutation' }, input: unknown, parse: (value: unknown) => T): Promise<T> => {
    let answer: unknown;
    try {
      answer = procedure.type === 'query' ? await client.query(procedure.path, input) : await client.mutation(procedure.path, input);
    } catch (error) {
      throw classifySyncError(error);
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
    // The hot path after every poke goes through the server's plain route (no tRPC per-call cost).
    pull: async (request) => {
      const answer = await postJson(`${serverUrl}${SYNC_PULL_PATH}`, request, headers(), timeoutMs);
      try {
        return pullAnswerSchema.parse(answer);
      } catch (error) {
        throw new SyncTransportError('transient', `The server's answer to ${SYNC_PULL_PATH} did not match the protocol`, null, { cause: error });
      }
    },
  };
}

/** POSTs JSON to a plain route; problem+json answers become classified errors. */
async function postJson(url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let res: Response;
  let answer: unknown;
  try {
    res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    answer = await res.json();
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new SyncTransportError('unreachable', `Cannot reach the sync server (${cause}).`, null, { cause: error });
  }
  if (res.ok) return answer;
  const problem = (answer ?? {}) as { code?: unknown; detail?: unknown; title?: unknown };
  const code = typeof problem.code === 'string' ? problem.code : null;
  const message = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : `The sync server answered ${res.status}.`;
  return Promise.reject(new SyncTransportError(code ? failureKindFor(code) : 'transient', message, code));
}

/** What a stable error code from the server means for the engine. */
function failureKindFor(code: string): SyncFailureKind {
  return code === ErrorCode.UpdateRequired ? 'update_required'
    : code === ErrorCode.DeviceRevoked ? 'revoked'
      : code === ErrorCode.Unauthorized ? 'unauthorized'
        : code === ErrorCode.MutationGap ? 'mutation_gap'
          : 'transient';
}

/** Sorts any error from a sync call into what the engine should do about it. */
export function classifySyncError(error: unknown): SyncTransportError {
  if (error instanceof SyncTransportError) return error;
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: unknown; httpStatus?: unknown } | undefined;
    const code = typeof data?.code === 'string' ? data.code : null;
    if (code === null) {
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      return new SyncTransportError('unreachable', `Cannot reach the sync server (${cause}).`, null, { cause: error });
    }
    return new SyncTransportError(failureKindFor(code), error.message, code, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SyncTransportError('transient', message, null, { cause: error });
}
