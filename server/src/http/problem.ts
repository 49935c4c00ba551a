import { ErrorCode, problemType, type Problem } from '@capliquify/shared';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.UpdateRequired]: 412,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.Internal]: 500,
  [ErrorCode.DeviceRevoked]: 401,
  [ErrorCode.CommandRejected]: 422,
  [ErrorCode.MutationGap]: 409,
  [ErrorCode.SecondFactorRequired]: 401,
  [ErrorCode.AccountLocked]: 429,
};

const TITLE_BY_CODE: Record<ErrorCode, string> = {
  [ErrorCode.BadRequest]: 'Bad request',
  [ErrorCode.ValidationFailed]: 'Validation failed',
  [ErrorCode.Unauthorized]: 'Unauthorized',
  [ErrorCode.Forbidden]: 'Forbidden',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.PayloadTooLarge]: 'Payload too large',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.UpdateRequired]: 'Update required',
  [ErrorCode.ServiceUnavailable]: 'Service unavailable',
  [ErrorCode.Internal]: 'Internal error',
  [ErrorCode.DeviceRevoked]: 'Device revoked',
  [ErrorCode.CommandRejected]: 'Command rejected',
  [ErrorCode.MutationGap]: 'Mutation id gap',
  [ErrorCode.SecondFactorRequired]: 'Second factor required',
  [ErrorCode.AccountLocked]: 'Account locked',
};

export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/** The closest stable code for an HTTP status that did not come with one of ours. */
export function codeForStatus(status: number): ErrorCode {
  if (status >= 500) return status === 503 ? ErrorCode.ServiceUnavailable : ErrorCode.Internal;
  const exact = (Object.entries(STATUS_BY_CODE) as [ErrorCode, number][])
    .find(([code, s]) => s === status && code !== ErrorCode.ValidationFailed && code !== ErrorCode.UpdateRequired);
  return exact?.[0] ?? ErrorCode.BadRequest;
}

export interface ProblemInput {
  code: ErrorCode;
  status?: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  extensions?: Record<string, unknown>;
}

/**
 * An RFC 9457 problem document. A 5xx carries only "Internal error" and the request id, whatever
 * detail the caller passed: internals stay in the log, found again through the request id.
 */
export function buildProblem(input: ProblemInput): Problem & Record<string, unknown> {
  const status = input.status ?? statusForCode(input.code);
  const internal = status >= 500 && input.code === ErrorCode.Internal;
  return {
    ...(internal ? {} : input.extensions),
    type: problemType(input.code),
    title: TITLE_BY_CODE[input.code],
    status,
    ...(internal ? { detail: 'Internal error' } : input.detail ? { detail: input.detail } : {}),
    ...(input.instance ? { instance: input.instance } : {}),
    code: input.code,
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(!internal && input.errors?.length ? { errors: input.errors } : {}),
  };
}
