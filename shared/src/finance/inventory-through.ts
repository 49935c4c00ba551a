import type { FinanceProfile, InventoryMonth } from '../domain/finance.schema';

/**
 * The months were valued up to the day of the refresh that last changed the scope (the profile's
 * `asOf`), so the current month is partial up to that day, not a whole month of COGS. The same
 * reading on the server and on the workstation.
 */
export function inventoryThrough(profile: FinanceProfile | null, months: readonly InventoryMonth[]): { inventoryThrough: string } | null {
  if (!profile || months.length === 0) return null;
  const day = profile.asOf.slice(0, 10);
  const latest = months.reduce((max, m) => (m.month > max ? m.month : max), '');
  return day >= latest ? { inventoryThrough: day } : null;
}
