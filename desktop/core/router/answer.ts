import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { CountingError } from '../counting/counting-error';
import { SessionError, type SessionErrorCode } from '../session/session-error';
import { WriteGateClosedError } from '../sync-engine/write-gate';

// The error formatter (trpc.ts) puts the SessionError's own code in `data.code`; this is only the
// HTTP-ish class tRPC needs.
const TRPC_CODES: Record<SessionErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  SECOND_FACTOR_REQUIRED: 'UNAUTHORIZED',
  ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  PIN_LOCKED: 'TOO_MANY_REQUESTS',
  OFFLINE: 'SERVICE_UNAVAILABLE',
  BAD_REQUEST: 'BAD_REQUEST',
  AUTHENTICATOR_EXISTS: 'CONFLICT',
};

/** A service's refusal becomes the tRPC error the screen shows; anything else stays a server error. */
export async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CountingError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
    if (error instanceof SessionError) throw new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
    if (error instanceof WriteGateClosedError) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
    throw error;
  }
}
