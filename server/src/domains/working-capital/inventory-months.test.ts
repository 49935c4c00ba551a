import { describe, expect, it } from 'vitest';
import { inventoryMonths, type LedgerMovementRow } from './inventory-months';

const move = (at: string, kind: string, quantity: string, unitCost = '0'): LedgerMovementRow => ({
  item_id: 'itm_a', category: 'parts', kind, quantity, unit_cost_minor: unitCost, occurred_at: new Date(at),
});

describe('inventoryMonths', () => {
  it('values each month of the ledger under moving average and FIFO, through the month asked for', () => {
    const months = inventoryMonths([
      move('2026-01-05T08:00:00Z', 'receipt', '10', '100'),
      move('2026-01-20T08:00:00Z', 'receipt', '10', '200'),
      // Shipments are stored negative; a transfer between sites moves no value.
      move('2026-02-10T08:00:00Z', 'shipment', '-15'),
      move('2026-02-12T08:00:00Z', 'transfer_out', '-2'),
      move('2026-02-12T09:00:00Z', 'transfer_in', '2'),
      // Not a kind of our ledger: left out rather than guessed at.
      move('2026-02-13T09:00:00Z', 'scrap', '-3'),
    ], '2026-03-15');
    // February: 15 of 20 units worth 3,000 go out. Moving average: 15/20 × 3,000 = 2,250, leaving
    // 750. FIFO: the 10 at 100 and 5 of the 10 at 200: 2,000, leaving 5 × 200 = 1,000.
    expect(months).toEqual([
      { itemId: 'itm_a', category: 'parts', month: '2026-01-01', closingQuantity: 20, closingValueMinor: 3_000, closingValueFifoMinor: 3_000, cogsMinor: 0, cogsFifoMinor: 0, outQuantity: 0 },
      { itemId: 'itm_a', category: 'parts', month: '2026-02-01', closingQuantity: 5, closingValueMinor: 750, closingValueFifoMinor: 1_000, cogsMinor: 2_250, cogsFifoMinor: 2_000, outQuantity: 15 },
      { itemId: 'itm_a', category: 'parts', month: '2026-03-01', closingQuantity: 5, closingValueMinor: 750, closingValueFifoMinor: 1_000, cogsMinor: 0, cogsFifoMinor: 0, outQuantity: 0 },
    ]);
  });

  it('has no months without movements', () => {
    expect(inventoryMonths([], '2026-03-15')).toEqual([]);
  });
});
