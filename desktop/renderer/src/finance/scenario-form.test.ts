import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '@capliquify/shared/finance/scenario.schema';
import { EMPTY_FORM, formToScenario, scenarioToForm } from './scenario-form';

describe('the scenario editor’s fields', () => {
  it('make a scenario the engine takes, and come back from it unchanged', () => {
    const form = {
      ...EMPTY_FORM, name: ' Collect sooner ', customerShift: '−10', supplierTerms: '60', inventoryPct: '-15',
      customers: [{ id: 'alpha', shift: '', terms: '14' }], categories: { finished: { mode: 'dio' as const, value: '45' } },
    };
    const result = formToScenario(form);
    expect(result).toEqual({
      ok: true,
      scenario: {
        name: 'Collect sooner', customers: { all: { shiftDays: -10 }, byContact: { alpha: { termsDays: 14 } } },
        suppliers: { all: { termsDays: 60 }, byContact: {} }, inventory: { all: { changePct: -15 }, byCategory: { finished: { targetDioDays: 45 } } },
      },
    });
    if (!result.ok) return;
    expect(scenarioSchema.safeParse(result.scenario).success).toBe(true);
    expect(formToScenario(scenarioToForm(result.scenario))).toEqual(result);
  });

  it('an empty scenario changes nothing', () => {
    expect(formToScenario({ ...EMPTY_FORM, name: 'As is' })).toEqual({
      ok: true, scenario: { name: 'As is', customers: { byContact: {} }, suppliers: { byContact: {} }, inventory: { byCategory: {} } },
    });
  });

  it('names every field that needs fixing', () => {
    const result = formToScenario({ ...EMPTY_FORM, customerShift: 'ten', supplierTerms: '400', customers: [{ id: 'alpha', shift: '2.5', terms: '' }] }, new Map([['alpha', 'Alpha Retail']]));
    expect(result).toEqual({
      ok: false,
      errors: [
        'Name: give the scenario a name.',
        'Customers pay later (+) or sooner (−): “ten” is not a whole number of days.',
        'Suppliers’ terms: 400 is outside 0 to 365.',
        'Alpha Retail (customer) sooner or later: “2.5” is not a whole number of days.',
      ],
    });
  });
});
