import { ErrorCode } from '@capliquify/shared';

/**
 * A failure with one of our stable codes. Services throw it; the HTTP error handler and the tRPC
 * error formatter turn it into a problem document or tRPC error data carrying the same `code`.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function notFound(message: string): AppError {
  return new AppError(ErrorCode.NotFound, message);
}

export function badRequest(message: string): AppError {
  return new AppError(ErrorCode.BadRequest, message);
}
