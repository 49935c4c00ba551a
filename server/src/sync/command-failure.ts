import { ErrorCode } from '@capliquify/shared';
import { ZodError } from 'zod';
import { AppError } from '../errors/app.error';

/** A command the server will never apply, whatever the retry: bad input, forbidden, a business rule. */
export class CommandRejection extends Error {
  override readonly name = 'CommandRejection';

  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export type CommandFailure =
  | { kind: 'permanent'; code: string; reason: string }
  | { kind: 'transient'; reason: string };

// SQLSTATE classes that say "try again later": serialization/deadlock, connection, resources,
// operator intervention, system errors; 55P03 is a lock timeout.
const TRANSIENT_SQLSTATE = /^(40|08|53|57|58|XX)|^55P03$/;
const TRANSIENT_SYSTEM = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGE = /connection terminated|database is closed|timeout exceeded|connection (?:error|ended)|cannot use a pool after calling end/i;

/**
 * Decides whether a failed command is rejected for good (its id advances and the person sees the
 * reason) or retried later (the batch stops). A failure that says nothing about the database
 * (a bug in a handler) is permanent: a command that always throws must not wedge the device.
 */
export function classifyFailure(error: unknown): CommandFailure {
  if (error instanceof CommandRejection) return { kind: 'permanent', code: error.code, reason: error.message };
  if (error instanceof ZodError) {
    const reason = error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
    return { kind: 'permanent', code: ErrorCode.ValidationFailed, reason: `The command's arguments are invalid (${reason}).` };
  }
  if (error instanceof AppError) {
    return error.code === ErrorCode.ServiceUnavailable ? { kind: 'transient', reason: error.message } : { kind: 'permanent', code: error.code, reason: error.message };
  }
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (TRANSIENT_SQLSTATE.test(code)) return { kind: 'transient', reason: message };
    if (/^2[23]/.test(code)) return { kind: 'permanent', code: ErrorCode.CommandRejected, reason: 'The command conflicts with the data on the server.' };
    // Anything else from the database (a missing table, a bad deployment) is the server's to fix.
    return { kind: 'transient', reason: message };
  }
  if (TRANSIENT_SYSTEM.has(code) || TRANSIENT_MESSAGE.test(message)) return { kind: 'transient', reason: message };
  return { kind: 'permanent', code: ErrorCode.Internal, reason: 'The server could not apply this command.' };
}
