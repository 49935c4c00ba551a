import type { z } from 'zod';

/** A request the counting screens made that cannot be done; `message` is the sentence to show. */
export class CountingError extends Error {
  override readonly name = 'CountingError';
  constructor(readonly code: 'BAD_REQUEST' | 'NOT_FOUND', message: string) {
    super(message);
  }
}

/** Zod's issues as one sentence a person can act on ("quantity: the quantity cannot be negative"). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses with a shared schema; a failure is a BAD_REQUEST carrying zod's messages. */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CountingError('BAD_REQUEST', describeIssues(parsed.error));
  return parsed.data;
}
