import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareFinanceBook } from './finance-book';
import { computeRatios } from './ratios';
import { scenarioSchema } from './scenario.schema';
import { compareScenarios, projectScenario } from './scenarios';
import { asOfArb, financeDataArb } from './test/arbitraries';
import { AS_OF, financeData } from './test/fixtures';
import { workingCapitalSnapshot } from './working-capital-snapshot';

const book = prepareFinanceBook(financeData);
const { snapshot } = computeRatios(book, { endOn: AS_OF, periodDays: 90 });

describe('scenarios', () => {
  it('projects terms, collection speed and stock targets, and the cash they release', () => {
    const scenario = scenarioSchema.parse({
      name: 'Tighter credit',
      customers: { all: { shiftDays: -10 }, byContact: { bravo: { termsDays: 15 } } },
      suppliers: { byContact: { pack: { termsDays: 90 } } },
      inventory: { byCategory: { finished: { targetDioDays: 45 }, parts: { changePct: -50 } } },
    });
    const p = projectScenario(book, snapshot, scenario);
    // alpha 120,000 − 290,000 × 10/90 (32,222) = 87,778; bravo (30 → 15 days) 62,500 − 80,000 × 15/90
    // (13,333) = 49,167; charlie 30,000 − 50,000 × 10/90 (5,556) = 24,444: AR 161,389.
    expect(p.customers.map((c) => [c.id, c.deltaDays, c.projectedMinor])).toEqual([['alpha', -10, 87_778], ['bravo', -15, 49_167], ['charlie', -10, 24_444]]);
    // pack 60 → 90 days: 90,000 + 90,000 × 30/90 = 120,000; AP 175,000. Finished to 45 days of
    // 100,000 COGS = 50,000; parts −50% = 10,000; stock 60,000.
    expect(p.suppliers.find((s) => s.id === 'pack')).toMatchObject({ deltaDays: 30, projectedMinor: 120_000 });
    expect(p.categories.map((c) => [c.id, c.projectedMinor])).toEqual([['finished', 50_000], ['parts', 10_000]]);
    expect(p.cashReleasedMinor).toEqual({ receivables: 51_111, payables: 30_000, inventory: 50_000, total: 131_111 });
    expect(p.projected.dso).toMatchObject({ numeratorMinor: 161_389, value: (161_389 * 90) / 420_000 });
    expect(p.projected.dpo.value).toBe(157.5);
    expect(p.projected.dio.value).toBe(54);
    expect(p.projected.ccc.value).toBe(54 + (161_389 * 90) / 420_000 - 157.5);
    expect(p.baseline).toEqual(computeRatios(book, { endOn: AS_OF, periodDays: 90 }).ratios);
  });

  it('never collects below nothing, and leaves stock with no COGS alone under a DIO target', () => {
    const p = projectScenario(book, snapshot, scenarioSchema.parse({ name: 'Extreme', customers: { all: { shiftDays: -365 } }, inventory: { all: { targetDioDays: 10 } } }));
    expect(p.customers.every((c) => c.projectedMinor === 0)).toBe(true);
    expect(p.categories.find((c) => c.id === 'parts')).toMatchObject({ baselineMinor: 20_000, projectedMinor: 20_000 });
  });

  it('round-trips through JSON and compares several side by side', () => {
    const saved = JSON.stringify(scenarioSchema.parse({ name: 'Pay later', suppliers: { all: { shiftDays: 15 } } }));
    const scenario = scenarioSchema.parse(JSON.parse(saved));
    expect(scenario).toEqual({ version: 1, name: 'Pay later', customers: { byContact: {} }, suppliers: { all: { shiftDays: 15 }, byContact: {} }, inventory: { byCategory: {} } });
    const [a, b] = compareScenarios(book, snapshot, [scenario, scenarioSchema.parse({ name: 'Nothing' })]);
    expect(a!.cashReleasedMinor.payables).toBe(Math.round((85_000 * 15) / 90) + (90_000 * 15) / 90);
    expect(b!.cashReleasedMinor.total).toBe(0);
  });

  it('refuses a scenario that makes no sense, naming the field', () => {
    const bad = scenarioSchema.safeParse({ name: '', customers: { all: { shiftDays: 1.5 } }, inventory: { byCategory: { raw: { changePct: -150 } } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['name', 'customers.all.shiftDays', 'inventory.byCategory.raw.changePct']);
  });

  const noChange = fc.record({
    customers: fc.constantFrom({}, { all: {} }, { all: { shiftDays: 0 } }, { all: { termsDays: 30 } }, { byContact: { c0: { shiftDays: 0 } } }),
    suppliers: fc.constantFrom({}, { all: { termsDays: 45, shiftDays: 0 } }, { byContact: { s1: {} } }),
    inventory: fc.constantFrom({}, { all: { changePct: 0 } }, { byCategory: { raw: { changePct: 0 } } }),
  }).map((s) => scenarioSchema.parse({ name: 'No change', ...s }));

  it('property: a scenario with no change reproduces the baseline exactly', () => {
    fc.assert(fc.property(financeDataArb, asOfArb, fc.constantFrom(30, 90, 365), noChange, (data, endOn, periodDays, scenario) => {
      const b = prepareFinanceBook(data);
      const s = workingCapitalSnapshot(b, { endOn, periodDays });
      const p = projectScenario(b, s, scenario);
      expect(p.projected).toEqual(p.baseline);
      expect(p.cashReleasedMinor).toEqual({ receivables: 0, payables: 0, inventory: 0, total: 0 });
    }), { numRuns: 300 });
  });
});
