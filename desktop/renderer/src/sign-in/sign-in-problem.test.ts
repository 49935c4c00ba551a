import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { choosePinProblem, formatWait, pinDigits, readSignInProblem, wrongPinText } from './sign-in-problem';

/** An error as the tRPC client hands it to the screens, with the core's error data. */
function clientError(message: string, data: Record<string, unknown>): TRPCClientError<never> {
  return TRPCClientError.from({ error: { message, code: -32001, data } } as never);
}

describe('reading a refused sign-in', () => {
  it('takes the code, the wait and the attempts left from the error data', () => {
    expect(readSignInProblem(clientError('PIN locked', { code: 'PIN_LOCKED', retryAfterSeconds: 300 })))
      .toEqual({ code: 'PIN_LOCKED', message: 'PIN locked', retryAfterSeconds: 300, attemptsLeft: null });
    expect(readSignInProblem(clientError('Wrong PIN', { code: 'UNAUTHORIZED', attemptsLeft: 2 })))
      .toMatchObject({ code: 'UNAUTHORIZED', attemptsLeft: 2, retryAfterSeconds: null });
  });

  it('treats an unknown code, or no data at all, as no sign-in code', () => {
    expect(readSignInProblem(clientError('boom', { code: 'INTERNAL_SERVER_ERROR' })).code).toBeNull();
    expect(readSignInProblem(new Error('socket hang up'))).toEqual({ code: null, message: 'socket hang up', retryAfterSeconds: null, attemptsLeft: null });
    expect(readSignInProblem('odd').message).toBe('odd');
  });

  it('ignores waits and counts that are not numbers', () => {
    expect(readSignInProblem(clientError('x', { code: 'ACCOUNT_LOCKED', retryAfterSeconds: '900', attemptsLeft: -1 })))
      .toMatchObject({ retryAfterSeconds: null, attemptsLeft: null });
  });
});

describe('what the person reads', () => {
  it('formats a wait like a clock', () => {
    expect(formatWait(7)).toBe('0:07');
    expect(formatWait(299.2)).toBe('5:00');
    expect(formatWait(3723)).toBe('1:02:03');
    expect(formatWait(-4)).toBe('0:00');
  });

  it('counts the attempts left in words', () => {
    expect(wrongPinText(3)).toBe('Wrong PIN. 3 attempts left before the PIN locks.');
    expect(wrongPinText(1)).toBe('Wrong PIN. 1 attempt left before the PIN locks.');
    expect(wrongPinText(0)).toBe('Wrong PIN.');
  });
});

describe('choosing a PIN', () => {
  it('keeps only digits, up to eight', () => {
    expect(pinDigits('12a3 4')).toBe('1234');
    expect(pinDigits('1234567890')).toBe('12345678');
  });

  it('wants 4 to 8 digits typed twice alike', () => {
    expect(choosePinProblem('123', '123')).toEqual({ field: 'pin', message: 'A PIN has 4 to 8 digits.' });
    expect(choosePinProblem('4826', '')).toEqual({ field: 'again', message: 'Type the PIN a second time.' });
    expect(choosePinProblem('4826', '4862')).toEqual({ field: 'again', message: 'The two PINs differ: type the same PIN twice.' });
    expect(choosePinProblem('4826', '4826')).toBeNull();
  });
});
