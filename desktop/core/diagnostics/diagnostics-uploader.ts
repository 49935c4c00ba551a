import type { Logger } from 'pino';
import { ErrorCode } from '@capliquify/shared';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';
import { classifySyncError, type DiagnosticsUpload } from '../sync-engine/sync-transport';

export type DiagnosticsOutcome = 'sent' | 'already-sent' | 'waiting' | 'failed';

export interface DiagnosticsUploaderOptions {
  upload: DiagnosticsUpload['uploadDiagnostics'];
  /** Makes the bundle for this request (at the moment it is sent, so it holds the latest lines). */
  bundle(requestId: string, status: SyncEngineStatus): Promise<{ bytes: Uint8Array; contentType: string }>;
  logger: Logger;
  /** A failed upload is tried again at a pull this long after, not at every pull. */
  retryAfterMs?: number;
  now?: () => number;
}

/**
 * Sends the diagnostic bundle a pull answer asked for, once per request. The server keeps asking
 * until it has the bundle, so a failed upload is simply tried again at a later sync; a CONFLICT
 * means the server is no longer waiting for it (already sent), which is as good as sent.
 */
export function createDiagnosticsUploader({ upload, bundle, logger, retryAfterMs = 60_000, now = Date.now }: DiagnosticsUploaderOptions) {
  const sent = new Set<string>();
  const failedAt = new Map<string, number>();
  return async (requestId: string, status: SyncEngineStatus): Promise<DiagnosticsOutcome> => {
    if (sent.has(requestId)) return 'already-sent';
    const failed = failedAt.get(requestId);
    if (failed !== undefined && now() - failed < retryAfterMs) return 'waiting';
    try {
      const made = await bundle(requestId, status);
      await upload(requestId, made);
      sent.add(requestId);
      failedAt.delete(requestId);
      logger.info({ requestId, bytes: made.bytes.length }, 'sent the diagnostic bundle an administrator asked for');
      return 'sent';
    } catch (error) {
      const failure = classifySyncError(error);
      if (failure.code === ErrorCode.Conflict) {
        sent.add(requestId);
        return 'already-sent';
      }
      failedAt.set(requestId, now());
      logger.warn({ err: error, requestId, kind: failure.kind }, 'could not send the diagnostic bundle; trying again at a later sync');
      return 'failed';
    }
  };
}

export type DiagnosticsUploader = ReturnType<typeof createDiagnosticsUploader>;
