import { describe, expect, it } from 'vitest';
import { parseMoney } from './money-input';

describe('an amount typed in', () => {
  it('reads major units with grouping into minor units', () => {
    expect(parseMoney('12,500.5', 2)).toEqual({ ok: true, minor: 1_250_050 });
    expect(parseMoney('-300', 2)).toEqual({ ok: true, minor: -30_000 });
    expect(parseMoney('−1.25', 2)).toEqual({ ok: true, minor: -125 });
    expect(parseMoney('', 2)).toEqual({ ok: true, minor: 0 });
    expect(parseMoney('1500', 0)).toEqual({ ok: true, minor: 1_500 });
  });

  it('explains what is not an amount instead of guessing', () => {
    expect(parseMoney('12.345', 2)).toEqual({ ok: false, message: '“12.345” is not an amount: type a number with at most 2 decimals, e.g. 12,500.50.' });
    expect(parseMoney('ten', 0)).toMatchObject({ ok: false, message: expect.stringMatching(/^“ten” is not an amount: type a number, e\.g\. 12,500\.$/) });
    expect(parseMoney('9'.repeat(20), 2)).toEqual({ ok: false, message: 'That amount is too large.' });
  });
});
