import { describe, expect, it } from 'vitest';
import { agingOptionsSchema, cashForecastOptionsSchema, ratioOptionsSchema } from './finance-options.schema';

describe('finance options', () => {
  it('fills the defaults the screens rely on', () => {
    expect(agingOptionsSchema.parse({ ledger: 'AR', asOf: '2026-03-31' })).toEqual({ ledger: 'AR', asOf: '2026-03-31', basis: 'due' });
    expect(ratioOptionsSchema.parse({ endOn: '2026-03-31', periodDays: 90 })).toEqual({ endOn: '2026-03-31', periodDays: 90, costing: 'mac', months: 12 });
    expect(cashForecastOptionsSchema.parse({ asOf: '2026-03-31', openingCashMinor: 0 })).toMatchObject({ weeks: 13, historyDays: 365, minHistory: 3, plannedPurchases: [] });
  });

  it('names each bad field', () => {
    const ratio = ratioOptionsSchema.safeParse({ endOn: '2026-02-30', periodDays: 60 });
    expect(ratio.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['endOn', 'must be a calendar date (YYYY-MM-DD)'], ['periodDays', expect.any(String)],
    ]);
    const cash = cashForecastOptionsSchema.safeParse({ asOf: '2026-03-31', openingCashMinor: 1.5, plannedPurchases: [{ id: 'p', payOn: '2026-04-01', amountMinor: 1, currency: 'pounds' }] });
    expect(cash.error!.issues.map((i) => i.path.join('.'))).toEqual(['openingCashMinor', 'plannedPurchases.0.currency']);
  });
});
