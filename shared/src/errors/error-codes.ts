/**
 * Stable error codes shared by server and desktop. They appear as `code` in RFC 9457 problem
 * details and in tRPC error data; clients branch on them, never on messages.
 */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  UpdateRequired: 'UPDATE_REQUIRED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL',
  DeviceRevoked: 'DEVICE_REVOKED',
  CommandRejected: 'COMMAND_REJECTED',
  MutationGap: 'MUTATION_GAP',
  /** Password right, but this account needs its authenticator code too. */
  SecondFactorRequired: 'SECOND_FACTOR_REQUIRED',
  /** Too many failed sign-ins (password or PIN): `details.retryAfterSeconds` says how long. */
  AccountLocked: 'ACCOUNT_LOCKED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
