import { describe, expect, it } from 'vitest';
import { formatMinor, minorDigits, roundMinor } from './money';

describe('money', () => {
  it('knows each currency’s minor digits', () => {
    expect([minorDigits('GBP'), minorDigits('JPY'), minorDigits('BHD')]).toEqual([2, 0, 3]);
    expect(() => minorDigits('pounds')).toThrow('"pounds" is not a currency code');
  });

  it('rounds halves away from zero, so credits mirror debits', () => {
    expect([roundMinor(2.5), roundMinor(-2.5), roundMinor(2.4), roundMinor(-0.4)]).toEqual([3, -3, 2, 0]);
    expect(Object.is(roundMinor(-0.4), -0)).toBe(false);
  });

  it('formats minor units exactly', () => {
    expect(formatMinor(123_456_789, 'GBP')).toBe('1,234,567.89 GBP');
    expect(formatMinor(-5, 'EUR')).toBe('-0.05 EUR');
    expect(formatMinor(1_000, 'JPY')).toBe('1,000 JPY');
    expect(formatMinor(1_234_567, 'BHD')).toBe('1,234.567 BHD');
  });
});
