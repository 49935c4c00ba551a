import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorDigits, toMinorUnits } from './minor-units';

describe('toMinorUnits', () => {
  it('uses each currency’s own minor unit', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
    expect(toMinorUnits(12.5, 'EUR')).toBe(1250);
    expect(toMinorUnits('12.50', 'EUR')).toBe(1250);
    expect(toMinorUnits(1000, 'JPY')).toBe(1000);
    expect(toMinorUnits(1.234, 'BHD')).toBe(1234);
  });

  it('rounds on the decimal digits, not on the float: 1.005 is 101 cents', () => {
    expect(1.005 * 100).toBeLessThan(100.5);
    expect(toMinorUnits(1.005, 'EUR')).toBe(101);
    expect(toMinorUnits(-1.005, 'EUR')).toBe(-101);
    expect(toMinorUnits(0.1 + 0.2, 'EUR')).toBe(30);
    expect(toMinorUnits(-0.001, 'EUR')).toBe(0);
    expect(toMinorUnits(1e-7, 'EUR')).toBe(0);
  });

  it('refuses what is not an amount or does not fit', () => {
    expect(() => toMinorUnits(Number.NaN, 'EUR')).toThrow(RangeError);
    expect(() => toMinorUnits('12,50', 'EUR')).toThrow(RangeError);
    expect(() => toMinorUnits('.', 'EUR')).toThrow(RangeError);
    expect(() => toMinorUnits(1e300, 'EUR')).toThrow(RangeError);
    expect(() => toMinorUnits(1, 'EURO')).toThrow(RangeError);
  });

  it('gives back exactly the cents a two-decimal amount was written with', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
      const text = (cents / 100).toFixed(2);
      expect(toMinorUnits(Number(text), 'EUR')).toBe(cents);
      expect(toMinorUnits(text, 'EUR')).toBe(cents);
    }));
  });
});
