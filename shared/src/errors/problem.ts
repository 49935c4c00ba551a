import { z } from 'zod';
import type { ErrorCode } from './error-codes';

/** RFC 9457 problem details, with our stable `code` and the request id as extensions. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema> & { code: ErrorCode };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `type` URI for a code: stable, documented, never a stack trace. */
export function problemType(code: ErrorCode): string {
  return `https://capliquify.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}
