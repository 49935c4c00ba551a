import { describe, expect, it } from 'vitest';
import { financeView, parentPath } from './finance-route';

describe('the Finance section’s places', () => {
  it('reads the drill-down path from DSO to a customer’s invoices, and up again', () => {
    expect(financeView([])).toEqual({ kind: 'dashboard' });
    expect(financeView(['drill', 'customer'])).toEqual({ kind: 'drill', by: 'customer' });
    expect(financeView(['drill', 'customer', 'alpha'])).toEqual({ kind: 'contact', by: 'customer', contactId: 'alpha' });
    expect(financeView(['drill', 'category', 'finished'])).toEqual({ kind: 'category', category: 'finished' });
    expect(parentPath(['drill', 'customer', 'alpha'])).toEqual(['drill', 'customer']);
    expect(parentPath(['drill', 'customer'])).toEqual([]);
    expect(parentPath([])).toBeNull();
  });

  it('reads the other views, and treats anything unknown as the dashboard', () => {
    expect(financeView(['aging', 'AP', 'steel'])).toEqual({ kind: 'aging-contact', ledger: 'AP', contactId: 'steel' });
    expect(parentPath(['aging', 'AP', 'steel'])).toEqual(['aging', 'AP']);
    expect(parentPath(['aging', 'AP'])).toEqual([]);
    expect(financeView(['alerts', 'overdue_spike:2026-03-31'])).toEqual({ kind: 'alert', anomalyId: 'overdue_spike:2026-03-31' });
    expect(financeView(['cash'])).toEqual({ kind: 'cash' });
    expect(financeView(['drill', 'nonsense'])).toEqual({ kind: 'dashboard' });
    expect(financeView(['aging', 'XX'])).toEqual({ kind: 'dashboard' });
  });
});
