import { describe, expect, it } from 'vitest';
import { buildFxIndex, converterOn, fxGapCollector, rateOn, toBaseMinor } from './fx';
import { dayNumber } from './days';
import { fxRates } from './test/fixtures';

const index = buildFxIndex('GBP', [...fxRates, { currency: 'JPY', day: '2026-01-01', perBase: 200 }, { currency: 'BHD', day: '2026-01-01', perBase: 0.5 }]);

describe('fx', () => {
  it('uses the latest rate on or before the day, never a later one', () => {
    expect(toBaseMinor(index, 100_000, 'USD', '2026-02-28')).toEqual({ ok: true, baseMinor: 80_000, perBase: 1.25 });
    expect(toBaseMinor(index, 100_000, 'USD', '2026-03-01')).toEqual({ ok: true, baseMinor: 62_500, perBase: 1.6 });
    expect(rateOn(index, 'usd', '2026-12-31')).toEqual({ ok: true, perBase: 1.6, rateDay: '2026-03-01' });
  });

  it('returns a clear error value when there is no rate yet', () => {
    const result = toBaseMinor(index, 100_000, 'USD', '2025-12-31');
    expect(result).toEqual({ ok: false, error: { code: 'FX_RATE_MISSING', currency: 'USD', day: '2025-12-31', message: 'No USD rate on or before 2025-12-31: amounts in USD are left out of base-currency totals.' } });
    expect(toBaseMinor(index, 1, 'CHF', '2026-03-01').ok).toBe(false);
  });

  it('leaves the base currency as it is and respects each currency’s minor digits', () => {
    expect(toBaseMinor(index, 12_345, 'GBP', '1999-01-01')).toEqual({ ok: true, baseMinor: 12_345, perBase: 1 });
    // 10,000 JPY at 200 per GBP = 50.00 GBP; 1.000 BHD at 0.5 per GBP = 2.00 GBP.
    expect(toBaseMinor(index, 10_000, 'JPY', '2026-02-01')).toMatchObject({ baseMinor: 5_000 });
    expect(toBaseMinor(index, 1_000, 'BHD', '2026-02-01')).toMatchObject({ baseMinor: 200 });
  });

  it('rounds each conversion half away from zero, credits like debits', () => {
    const on = converterOn(index, dayNumber('2026-01-15'));
    // 1.01 USD / 1.25 = 0.808 GBP → 81; −1.01 USD → −81.
    expect([on(101, 'USD'), on(-101, 'USD'), on(1, 'CHF')]).toEqual([81, -81, null]);
  });

  it('refuses a rate that is not a positive number, and a malformed day', () => {
    expect(() => buildFxIndex('GBP', [{ currency: 'USD', day: '2026-01-01', perBase: 0 }])).toThrow('FX rate for USD on 2026-01-01 must be a positive number');
    expect(() => buildFxIndex('GBP', [{ currency: 'USD', day: '1 Jan', perBase: 1 }])).toThrow('"1 Jan" is not an ISO date');
  });

  it('groups the rows left out by currency with the latest day that lacked a rate', () => {
    const gaps = fxGapCollector(dayNumber('2026-03-31'));
    gaps.add('CHF', 'a', dayNumber('2026-01-10'));
    gaps.add('CHF', 'b');
    gaps.add('CHF', 'a');
    gaps.add('AUD', 'c');
    expect(gaps.list()).toEqual([
      { currency: 'AUD', day: '2026-03-31', message: expect.stringContaining('No AUD rate on or before 2026-03-31'), documentIds: ['c'] },
      { currency: 'CHF', day: '2026-03-31', message: expect.stringContaining('No CHF rate'), documentIds: ['a', 'b'] },
    ]);
  });
});
