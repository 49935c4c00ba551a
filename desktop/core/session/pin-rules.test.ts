import { describe, expect, it } from 'vitest';
import { afterWrongPin, pinLockMs, pinProblem, secondsLocked } from './pin-rules';

describe('pinProblem', () => {
  it('takes 4 to 8 digits that are not trivially guessed', () => {
    for (const pin of ['2580', '1357', '1212', '90210', '12345679', '0007']) expect(pinProblem(pin)).toBeNull();
  });

  it('refuses the wrong length or anything but digits', () => {
    for (const pin of ['', '123', '123456789', '12a4', ' 2580', '２５８０']) expect(pinProblem(pin)).toBe('A PIN is 4 to 8 digits.');
  });

  it('refuses one digit repeated and runs up or down, wrapping past 9', () => {
    for (const pin of ['0000', '7777777']) expect(pinProblem(pin)).toBe('A PIN of one digit repeated is too easy to guess.');
    for (const pin of ['1234', '0123', '9876', '43210', '7890', '8901', '12345678']) {
      expect(pinProblem(pin)).toBe('A PIN of digits in a row (like 1234 or 9876) is too easy to guess.');
    }
  });
});

describe('PIN lockout', () => {
  const t0 = new Date('2026-03-02T08:00:00Z');

  it('locks on the fifth wrong PIN in a row, for 5 minutes, then each lock twice as long, at most a day', () => {
    let state = { attempts: 0, locks: 0 };
    for (let i = 1; i <= 4; i++) {
      const next = afterWrongPin(state, t0);
      expect(next).toEqual({ attempts: i, locks: 0, lockedUntil: null });
      state = next;
    }
    const locked = afterWrongPin(state, t0);
    expect(locked).toEqual({ attempts: 0, locks: 1, lockedUntil: new Date(t0.getTime() + 5 * 60_000) });
    expect(afterWrongPin({ attempts: 4, locks: 1 }, t0).lockedUntil).toEqual(new Date(t0.getTime() + 10 * 60_000));
    expect([1, 2, 3, 4, 5].map((lock) => pinLockMs(lock) / 60_000)).toEqual([5, 10, 20, 40, 80]);
    expect(pinLockMs(12)).toBe(24 * 3_600_000);
    expect(pinLockMs(400)).toBe(24 * 3_600_000);
  });

  it('counts the seconds left of a lock, rounding up, and none once it has passed', () => {
    expect(secondsLocked(null, t0)).toBeNull();
    expect(secondsLocked(new Date(t0.getTime() + 1), t0)).toBe(1);
    expect(secondsLocked(new Date(t0.getTime() + 300_000), t0)).toBe(300);
    expect(secondsLocked(t0, t0)).toBeNull();
  });
});
