import type { FinanceContact } from '../domain/finance.schema';
import { contactName, type FinanceBook } from './finance-book';
import { roundMinor } from './money';
import { ratiosFromTotals, type RatioSet } from './ratios';
import type { CollectionChange, InventoryChange, Scenario } from './scenario.schema';
import type { WorkingCapitalSnapshot } from './working-capital-snapshot';

// What a scenario does to a snapshot. A contact whose invoices are paid Δ days later carries Δ more
// days of its period sales (or purchases) on the balance sheet: ΔAR = revenue ÷ days × Δ. Stock per
// category changes by a percentage, or to the value that gives the target DIO on its COGS. Cash
// released is what leaves working capital: less AR, more AP, less stock.

export interface ScenarioLine {
  id: string;
  name: string;
  /** Days later (+) or sooner (−) the contact is paid; for stock lines, 0. */
  deltaDays: number;
  baselineMinor: number;
  projectedMinor: number;
}

export interface ScenarioProjection {
  name: string;
  baseline: RatioSet;
  projected: RatioSet;
  /** Cash freed (+) or absorbed (−) against the baseline, base currency minor units. */
  cashReleasedMinor: { receivables: number; payables: number; inventory: number; total: number };
  customers: ScenarioLine[];
  suppliers: ScenarioLine[];
  categories: ScenarioLine[];
}

/** Days later (+) or sooner (−) than today: the terms difference plus the shift. */
function deltaDays(change: CollectionChange | undefined, contact: FinanceContact | undefined): number {
  if (!change) return 0;
  const terms = change.termsDays !== undefined && contact ? change.termsDays - contact.paymentTermsDays : 0;
  return terms + (change.shiftDays ?? 0);
}

function moveBalance(balance: number, flowInPeriod: number, delta: number, periodDays: number): number {
  if (delta === 0) return balance;
  // A balance cannot be collected below nothing, nor grow from sales that did not happen.
  return Math.max(0, balance + roundMinor((Math.max(0, flowInPeriod) * delta) / periodDays));
}

function inventoryTarget(value: number, cogs: number, change: InventoryChange | undefined, periodDays: number): number {
  if (!change) return value;
  if ('changePct' in change) return change.changePct === 0 ? value : Math.max(0, roundMinor((value * (100 + change.changePct)) / 100));
  // Without COGS a target DIO says nothing about the value: the stock stays as it is.
  return cogs > 0 ? roundMinor((cogs * change.targetDioDays) / periodDays) : value;
}

export function projectScenario(book: FinanceBook, snapshot: WorkingCapitalSnapshot, scenario: Scenario): ScenarioProjection {
  const days = snapshot.periodDays;
  const customers = snapshot.customers.map((c): ScenarioLine => {
    const delta = deltaDays(scenario.customers.byContact[c.contactId] ?? scenario.customers.all, book.contacts.get(c.contactId));
    return { id: c.contactId, name: contactName(book, c.contactId), deltaDays: delta, baselineMinor: c.receivablesMinor, projectedMinor: moveBalance(c.receivablesMinor, c.revenueMinor, delta, days) };
  });
  const suppliers = snapshot.suppliers.map((s): ScenarioLine => {
    const delta = deltaDays(scenario.suppliers.byContact[s.contactId] ?? scenario.suppliers.all, book.contacts.get(s.contactId));
    return { id: s.contactId, name: contactName(book, s.contactId), deltaDays: delta, baselineMinor: s.payablesMinor, projectedMinor: moveBalance(s.payablesMinor, s.purchasesMinor, delta, days) };
  });
  const byCategory = new Map<string, { value: number; cogs: number }>();
  for (const item of snapshot.items) {
    const t = byCategory.get(item.category);
    if (t) { t.value += item.inventoryMinor; t.cogs += item.cogsMinor; } else byCategory.set(item.category, { value: item.inventoryMinor, cogs: item.cogsMinor });
  }
  const categories = [...byCategory].map(([category, t]): ScenarioLine => ({
    id: category, name: category, deltaDays: 0, baselineMinor: t.value,
    projectedMinor: inventoryTarget(t.value, t.cogs, scenario.inventory.byCategory[category] ?? scenario.inventory.all, days),
  }));
  const projectedTotal = (lines: ScenarioLine[], baseline: number) => lines.reduce((total, l) => total + l.projectedMinor - l.baselineMinor, baseline);
  const receivablesMinor = projectedTotal(customers, snapshot.receivablesMinor);
  const payablesMinor = projectedTotal(suppliers, snapshot.payablesMinor);
  const inventoryMinor = projectedTotal(categories, snapshot.inventoryMinor);
  const released = {
    receivables: snapshot.receivablesMinor - receivablesMinor,
    payables: payablesMinor - snapshot.payablesMinor,
    inventory: snapshot.inventoryMinor - inventoryMinor,
  };
  return {
    name: scenario.name,
    baseline: ratiosFromTotals(snapshot),
    projected: ratiosFromTotals({ ...snapshot, receivablesMinor, payablesMinor, inventoryMinor }),
    cashReleasedMinor: { ...released, total: released.receivables + released.payables + released.inventory },
    customers, suppliers, categories,
  };
}

/** Several scenarios on the same snapshot, for the side-by-side view. */
export function compareScenarios(book: FinanceBook, snapshot: WorkingCapitalSnapshot, scenarios: readonly Scenario[]): ScenarioProjection[] {
  return scenarios.map((s) => projectScenario(book, snapshot, s));
}
