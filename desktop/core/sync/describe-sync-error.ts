import { TRPCClientError } from '@trpc/client';
import { ErrorCode } from '@capliquify/shared';
import { UpdateRequiredError } from './snapshot.service';

export interface DescribedError {
  /** A sentence for the header, without stack traces. */
  message: string;
  /** True when the server could not be reached at all (so the station is offline). */
  unreachable: boolean;
  /** False when retrying cannot help (the app must be updated first). */
  retryable: boolean;
}

export function describeSyncError(error: unknown, serverUrl: string): DescribedError {
  if (error instanceof UpdateRequiredError) return { message: error.message, unreachable: false, retryable: false };
  if (error instanceof TRPCClientError) {
    const code: unknown = (error.data as { code?: unknown } | undefined)?.code;
    if (code === undefined) {
      // No tRPC error shape: the request never got an answer from a tRPC server.
      const cause = error.cause instanceof Error ? describeCause(error.cause) : error.message;
      return { message: `Cannot reach the server at ${serverUrl} (${cause}).`, unreachable: true, retryable: true };
    }
    if (code === ErrorCode.UpdateRequired) {
      return { message: `This app is too old for the server: ${error.message}`, unreachable: false, retryable: false };
    }
    // Other refusals may clear up (a deploy, a database back online), so they are retried.
    return { message: `The server refused the sync: ${error.message}`, unreachable: false, retryable: true };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Sync failed: ${message}`, unreachable: false, retryable: true };
}

function describeCause(cause: Error): string {
  const code = (cause.cause as { code?: unknown } | undefined)?.code;
  if (cause.name === 'TimeoutError') return 'no answer in time';
  return typeof code === 'string' ? `${cause.message}: ${code}` : cause.message;
}
