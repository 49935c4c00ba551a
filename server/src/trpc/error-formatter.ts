import { ErrorCode } from '@capliquify/shared';
import { StandardSchemaV1Error, type TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { AppError } from '../errors/app.error';

const CODE_BY_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: ErrorCode.BadRequest,
  PARSE_ERROR: ErrorCode.BadRequest,
  UNAUTHORIZED: ErrorCode.Unauthorized,
  FORBIDDEN: ErrorCode.Forbidden,
  NOT_FOUND: ErrorCode.NotFound,
  CONFLICT: ErrorCode.Conflict,
  PAYLOAD_TOO_LARGE: ErrorCode.PayloadTooLarge,
  TOO_MANY_REQUESTS: ErrorCode.RateLimited,
  PRECONDITION_FAILED: ErrorCode.UpdateRequired,
  SERVICE_UNAVAILABLE: ErrorCode.ServiceUnavailable,
};

const TRPC_BY_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  [ErrorCode.BadRequest]: 'BAD_REQUEST',
  [ErrorCode.ValidationFailed]: 'BAD_REQUEST',
  [ErrorCode.Unauthorized]: 'UNAUTHORIZED',
  [ErrorCode.Forbidden]: 'FORBIDDEN',
  [ErrorCode.NotFound]: 'NOT_FOUND',
  [ErrorCode.Conflict]: 'CONFLICT',
  [ErrorCode.PayloadTooLarge]: 'PAYLOAD_TOO_LARGE',
  [ErrorCode.RateLimited]: 'TOO_MANY_REQUESTS',
  [ErrorCode.UpdateRequired]: 'PRECONDITION_FAILED',
  [ErrorCode.ServiceUnavailable]: 'SERVICE_UNAVAILABLE',
  [ErrorCode.Internal]: 'INTERNAL_SERVER_ERROR',
  [ErrorCode.DeviceRevoked]: 'UNAUTHORIZED',
  [ErrorCode.CommandRejected]: 'UNPROCESSABLE_CONTENT',
  [ErrorCode.MutationGap]: 'CONFLICT',
  [ErrorCode.SecondFactorRequired]: 'UNAUTHORIZED',
  [ErrorCode.AccountLocked]: 'TOO_MANY_REQUESTS',
};

/** The tRPC code that carries one of our codes over the wire. */
export function trpcCodeFor(code: ErrorCode): TRPC_ERROR_CODE_KEY {
  return TRPC_BY_CODE[code];
}

export interface ErrorData {
  code: ErrorCode;
  requestId: string | null;
  errors?: { path: string; message: string }[];
  details?: Record<string, unknown>;
}

/** Our stable `code` (and validation issues) for a tRPC error; internals never leave. */
export function errorData(error: TRPCError, requestId: string | null): { message?: string; data: ErrorData } {
  const cause = error.cause;
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    return { message: 'Internal error', data: { code: ErrorCode.Internal, requestId } };
  }
  // Zod 4 inputs fail through tRPC's Standard Schema path; a ZodError may come from our own parsing.
  if (cause instanceof StandardSchemaV1Error || cause instanceof ZodError) {
    const errors = cause.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
    return { message: 'The input did not match the expected shape.', data: { code: ErrorCode.ValidationFailed, requestId, errors } };
  }
  if (cause instanceof AppError) {
    return { data: { code: cause.code, requestId, ...(cause.details ? { details: cause.details } : {}) } };
  }
  return { data: { code: CODE_BY_TRPC[error.code] ?? ErrorCode.BadRequest, requestId } };
}

type PathSegment = PropertyKey | { key: PropertyKey };

function issuePath(path: readonly PathSegment[] | undefined): string {
  const keys = (path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment));
  return keys.join('.') || '(input)';
}
