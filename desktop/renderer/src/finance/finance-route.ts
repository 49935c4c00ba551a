// Where the Finance section is, from the path after `#/finance`: the dashboard, a drill-down
// (`drill/customer`, then `drill/customer/<contactId>`), the aging, the cash forecast, the
// scenarios and the alerts. Escape or Backspace goes up one level: the path without its last part.

export type DrillBy = 'customer' | 'supplier' | 'item' | 'category';
export type Ledger = 'AR' | 'AP';

export type FinanceView =
  | { kind: 'dashboard' }
  | { kind: 'drill'; by: DrillBy }
  | { kind: 'contact'; by: 'customer' | 'supplier'; contactId: string }
  | { kind: 'category'; category: string }
  | { kind: 'aging'; ledger: Ledger }
  | { kind: 'aging-contact'; ledger: Ledger; contactId: string }
  | { kind: 'cash' }
  | { kind: 'scenarios' }
  | { kind: 'alerts' }
  | { kind: 'alert'; anomalyId: string };

const BY: readonly string[] = ['customer', 'supplier', 'item', 'category'];

export function financeView(path: readonly string[]): FinanceView {
  const [first, second, third] = path;
  if (first === 'drill' && second !== undefined && BY.includes(second)) {
    const by = second as DrillBy;
    if (third === undefined) return { kind: 'drill', by };
    if (by === 'customer' || by === 'supplier') return { kind: 'contact', by, contactId: third };
    if (by === 'category') return { kind: 'category', category: third };
    return { kind: 'drill', by };
  }
  if (first === 'aging' && (second === 'AR' || second === 'AP')) {
    return third === undefined ? { kind: 'aging', ledger: second } : { kind: 'aging-contact', ledger: second, contactId: third };
  }
  if (first === 'cash') return { kind: 'cash' };
  if (first === 'scenarios') return { kind: 'scenarios' };
  if (first === 'alerts') return second === undefined ? { kind: 'alerts' } : { kind: 'alert', anomalyId: second };
  return { kind: 'dashboard' };
}

/** The path one level up; a section's own list goes back to the dashboard. */
export function parentPath(path: readonly string[]): string[] | null {
  if (financeView(path).kind === 'dashboard') return null;
  const up = path.slice(0, -1);
  return up.length === 1 && (up[0] === 'drill' || up[0] === 'aging') ? [] : up;
}
