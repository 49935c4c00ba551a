import { ErrorCode, problemSchema, problemType } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { buildProblem, codeForStatus, statusForCode } from './problem';

describe('problem documents', () => {
  it('builds a valid RFC 9457 document from a code', () => {
    const problem = buildProblem({ code: ErrorCode.NotFound, detail: 'no such item', requestId: 'r1', instance: '/x' });
    expect(problemSchema.parse(problem)).toEqual({
      type: problemType(ErrorCode.NotFound), title: 'Not found', status: 404, detail: 'no such item', instance: '/x', code: 'NOT_FOUND', requestId: 'r1',
    });
  });

  it('says only "Internal error" for a 500, whatever detail, errors or extensions it was given', () => {
    const problem = buildProblem({
      code: ErrorCode.Internal, detail: 'relation "x" does not exist', requestId: 'r2',
      errors: [{ path: 'a', message: 'b' }], extensions: { sql: 'select 1' },
    });
    expect(problem).toEqual({ type: problemType(ErrorCode.Internal), title: 'Internal error', status: 500, detail: 'Internal error', code: 'INTERNAL', requestId: 'r2' });
  });

  it('maps statuses without one of our codes to the nearest code', () => {
    expect([400, 401, 403, 404, 409, 413, 415, 429, 500, 502, 503].map(codeForStatus)).toEqual([
      'BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'BAD_REQUEST', 'RATE_LIMITED', 'INTERNAL', 'INTERNAL', 'SERVICE_UNAVAILABLE',
    ]);
  });

  it('gives every code a status in the 4xx/5xx range', () => {
    for (const code of Object.values(ErrorCode)) expect(statusForCode(code)).toBeGreaterThanOrEqual(400);
  });
});
