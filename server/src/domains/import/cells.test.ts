import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { amount, choice, currency, currencyDigits, decimal, isoDate, optionalCount, requiredText, toMinorUnits } from './cells';

/** The value, or the one reason a person would read. */
function read<T>(schema: z.ZodType<T>, text: string): T | string {
  const result = schema.safeParse(text);
  return result.success ? result.data : result.error.issues.map((i) => i.message).join('; ');
}

describe('cell parsers', () => {
  it('read numbers with a decimal point or a decimal comma, and say why anything else is not one', () => {
    expect(read(decimal(), '12.5')).toBe(12.5);
    expect(read(decimal(), '12,5')).toBe(12.5);
    expect(read(decimal(), '-3')).toBe(-3);
    expect(read(decimal(), 'abc')).toBe("must be a number, got 'abc'");
    expect(read(decimal(), '1,234.50')).toBe("must be a number, got '1,234.50'");
    expect(read(decimal(), '1e3')).toBe("must be a number, got '1e3'");
    expect(read(decimal(), '0x10')).toBe("must be a number, got '0x10'");
    expect(read(decimal(), '')).toBe('is required');
    expect(read(decimal({ sign: 'zero' }), '-1')).toBe("must be 0 or more, got '-1'");
    expect(read(decimal({ sign: 'positive' }), '0')).toBe("must be more than 0, got '0'");
    expect(read(decimal(), '1.23456')).toBe("has more than 4 decimals, got '1.23456'");
    expect(read(optionalCount(), '')).toBeNull();
    expect(read(optionalCount(), '2.5')).toBe("must be a whole number, got '2.5'");
  });

  it('turn amounts into exact minor units for the currency', () => {
    expect(toMinorUnits('12.5', 2)).toBe(1250);
    expect(toMinorUnits('0.07', 2)).toBe(7);
    expect(toMinorUnits('19.99', 2)).toBe(1999);
    expect(toMinorUnits('1200', 0)).toBe(1200);
    expect(toMinorUnits('12.505', 2)).toBeNull();
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(read(amount(), '12,50')).toEqual({ text: '12.50', shown: '12,50' });
    expect(read(amount(), 'ten')).toBe("must be an amount like 12.50, got 'ten'");
  });

  it('check currencies, dates, choices and text lengths', () => {
    expect(read(currency(), 'eur')).toBe('EUR');
    expect(read(currency(), '')).toBeNull();
    expect(read(currency(), 'EURO')).toBe("must be a currency code like EUR, got 'EURO'");
    expect(read(isoDate(), '2026-02-28')).toBe('2026-02-28');
    expect(read(isoDate(), '2026-02-30')).toBe("must be a date like 2026-01-31, got '2026-02-30'");
    expect(read(isoDate(), '31/01/2026')).toBe("must be a date like 2026-01-31, got '31/01/2026'");
    const type = choice({ raw: 'raw', finished: 'finished' });
    expect(read(type, 'Raw')).toBe('raw');
    expect(read(type, 'constructor')).toBe("must be one of raw, finished, got 'constructor'");
    expect(read(requiredText(5), 'toolong')).toBe('is longer than 5 characters');
    expect(read(decimal(), 'y'.repeat(60))).toBe(`must be a number, got '${'y'.repeat(37)}...'`);
  });
});
