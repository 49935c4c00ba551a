import { ErrorCode } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app.error';
import { classifyFailure, CommandRejection } from './command-failure';

function dbError(code: string, message = 'db'): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyFailure', () => {
  it('rejects business rules, bad args and handler bugs for good, with a reason people can read', () => {
    expect(classifyFailure(new CommandRejection(ErrorCode.CommandRejected, 'issue exceeds on-hand 3'))).toEqual({ kind: 'permanent', code: ErrorCode.CommandRejected, reason: 'issue exceeds on-hand 3' });
    const zod = z.object({ quantity: z.number() }).safeParse({ quantity: 'x' }).error;
    expect(classifyFailure(zod)).toMatchObject({ kind: 'permanent', code: ErrorCode.ValidationFailed, reason: expect.stringContaining('quantity') });
    expect(classifyFailure(new AppError(ErrorCode.Forbidden, 'not your site'))).toMatchObject({ kind: 'permanent', code: ErrorCode.Forbidden });
    expect(classifyFailure(new TypeError('x is undefined'))).toEqual({ kind: 'permanent', code: ErrorCode.Internal, reason: 'The server could not apply this command.' });
    expect(classifyFailure(dbError('23505'))).toMatchObject({ kind: 'permanent', code: ErrorCode.CommandRejected });
  });

  it.each([
    ['serialization failure', dbError('40001')],
    ['deadlock', dbError('40P01')],
    ['lock timeout', dbError('55P03')],
    ['admin shutdown', dbError('57P01')],
    ['connection refused', dbError('ECONNREFUSED')],
    ['pool ended', new Error('Connection terminated unexpectedly')],
    ['PGlite closed', new Error('the PGlite database is closed')],
    ['unavailable', new AppError(ErrorCode.ServiceUnavailable, 'later')],
  ])('retries a %s later', (_label, error) => {
    expect(classifyFailure(error).kind).toBe('transient');
  });
});
