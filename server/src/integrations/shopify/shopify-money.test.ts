import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelFeeMinor, currencyExponent, moneyToMinor } from './shopify-money';

describe('moneyToMinor', () => {
  it('reads decimal strings into minor units per currency', () => {
    expect(moneyToMinor('12.50', 'EUR')).toBe(1250n);
    expect(moneyToMinor('12.5', 'EUR')).toBe(1250n);
    expect(moneyToMinor('0.10', 'USD')).toBe(10n);
    expect(moneyToMinor('1000', 'JPY')).toBe(1000n);
    expect(moneyToMinor('1000.00', 'JPY')).toBe(1000n);
    expect(moneyToMinor('1.234', 'KWD')).toBe(1234n);
    expect(moneyToMinor('-3.07', 'GBP')).toBe(-307n);
    expect(moneyToMinor('90071992547409.93', 'USD')).toBe(9007199254740993n);
  });

  it('refuses what is not an exact amount of the currency', () => {
    expect(() => moneyToMinor('12.505', 'EUR')).toThrow(/more decimals/);
    expect(() => moneyToMinor('1000.5', 'JPY')).toThrow(/more decimals/);
    expect(() => moneyToMinor('1e3', 'EUR')).toThrow(/not a decimal/);
    expect(() => moneyToMinor('', 'EUR')).toThrow(/not a decimal/);
    expect(() => moneyToMinor('12.50', 'EURO')).toThrow(/not a currency/);
  });

  it('knows the exponents of common currencies', () => {
    expect([currencyExponent('EUR'), currencyExponent('JPY'), currencyExponent('KWD')]).toEqual([2, 0, 3]);
  });

  it('adds up exactly where floats drift', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 50 }), (cents) => {
      const strings = cents.map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
      const total = strings.reduce((sum, s) => sum + moneyToMinor(s, 'EUR'), 0n);
      expect(total).toBe(cents.reduce((a, b) => a + b, 0n));
    }));
  });
});

describe('channelFeeMinor', () => {
  it('takes a percentage of the total, rounded half away from zero, plus a fixed fee', () => {
    expect(channelFeeMinor(10_000n, '2.9')).toBe(290n);
    expect(channelFeeMinor(10_000n, 2.9, 30n)).toBe(320n);
    expect(channelFeeMinor(1_050n, '1')).toBe(11n); // 10.5 → 11
    expect(channelFeeMinor(1_049n, '1')).toBe(10n);
    expect(channelFeeMinor(-1_050n, '1')).toBe(-11n); // a refund's fee mirrors the sale's
    expect(channelFeeMinor(12_345n, 0)).toBe(0n);
    expect(channelFeeMinor(3n, 0.0000001)).toBe(0n);
  });

  it('refuses a negative or unreadable rate', () => {
    expect(() => channelFeeMinor(100n, '-1')).toThrow(/non-negative/);
    expect(() => channelFeeMinor(100n, 'abc')).toThrow(/non-negative/);
    expect(() => channelFeeMinor(100n, Number.NaN)).toThrow(/not a number/);
  });

  it('never drifts from the exact rational result', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10_000 }), (total, basisPoints) => {
      const rate = `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
      const fee = channelFeeMinor(total, rate);
      // |fee − total·bp/10000| ≤ ½, checked in integers.
      expect(abs(fee * 10_000n - total * BigInt(basisPoints)) * 2n <= 10_000n).toBe(true);
    }));
  });
});

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
