import { contactName, type FinanceBook } from './finance-book';
import { ratioDays } from './ratios';
import type { WorkingCapitalSnapshot } from './working-capital-snapshot';

// Drill-downs of a snapshot. Each row has its own ratio (a customer's AR against its own revenue)
// and its contribution to the company figure (its AR against all revenue): contributions add up
// to the company ratio, so the screen can show who makes up the days.

export interface DrillRow {
  id: string;
  name: string;
  numeratorMinor: number;
  /** The row's own denominator: its revenue, its purchases, its COGS. */
  denominatorMinor: number;
  /** The row's own ratio in days; null when its own denominator is not positive. */
  days: number | null;
  /** Days this row adds to the company ratio; null when the company's denominator is not positive. */
  contributionDays: number | null;
}

const byContribution = (a: DrillRow, b: DrillRow) => (b.contributionDays ?? 0) - (a.contributionDays ?? 0) || b.numeratorMinor - a.numeratorMinor || (a.name < b.name ? -1 : 1);

/** DSO by customer: AR ÷ the customer's revenue × days. */
export function dsoByCustomer(book: FinanceBook, snapshot: WorkingCapitalSnapshot): DrillRow[] {
  const days = snapshot.periodDays;
  return snapshot.customers.map((c) => ({
    id: c.contactId, name: contactName(book, c.contactId), numeratorMinor: c.receivablesMinor, denominatorMinor: c.revenueMinor,
    days: ratioDays(c.receivablesMinor, c.revenueMinor, days), contributionDays: ratioDays(c.receivablesMinor, snapshot.revenueMinor, days),
  })).sort(byContribution);
}

/**
 * DPO by supplier. COGS is not kept per supplier, so a supplier's own days are AP ÷ its bills in
 * the period × days; its contribution is AP ÷ the company's COGS × days, as in DPO itself.
 */
export function dpoBySupplier(book: FinanceBook, snapshot: WorkingCapitalSnapshot): DrillRow[] {
  const days = snapshot.periodDays;
  return snapshot.suppliers.map((s) => ({
    id: s.contactId, name: contactName(book, s.contactId), numeratorMinor: s.payablesMinor, denominatorMinor: s.purchasesMinor,
    days: ratioDays(s.payablesMinor, s.purchasesMinor, days), contributionDays: ratioDays(s.payablesMinor, snapshot.cogsMinor, days),
  })).sort(byContribution);
}

/** DIO by item: its inventory ÷ its COGS × days. `names` maps item ids to names when known. */
export function dioByItem(snapshot: WorkingCapitalSnapshot, names?: ReadonlyMap<string, string>): (DrillRow & { category: string })[] {
  const days = snapshot.periodDays;
  return snapshot.items.map((i) => ({
    id: i.itemId, name: names?.get(i.itemId) ?? i.itemId, category: i.category, numeratorMinor: i.inventoryMinor, denominatorMinor: i.cogsMinor,
    days: ratioDays(i.inventoryMinor, i.cogsMinor, days), contributionDays: ratioDays(i.inventoryMinor, snapshot.cogsMinor, days),
  })).sort(byContribution);
}

/** DIO by category: the sums of its items. */
export function dioByCategory(snapshot: WorkingCapitalSnapshot): DrillRow[] {
  const totals = new Map<string, { inventory: number; cogs: number }>();
  for (const item of snapshot.items) {
    const t = totals.get(item.category);
    if (t) { t.inventory += item.inventoryMinor; t.cogs += item.cogsMinor; } else totals.set(item.category, { inventory: item.inventoryMinor, cogs: item.cogsMinor });
  }
  const days = snapshot.periodDays;
  return [...totals].map(([category, t]) => ({
    id: category, name: category, numeratorMinor: t.inventory, denominatorMinor: t.cogs,
    days: ratioDays(t.inventory, t.cogs, days), contributionDays: ratioDays(t.inventory, snapshot.cogsMinor, days),
  })).sort(byContribution);
}
