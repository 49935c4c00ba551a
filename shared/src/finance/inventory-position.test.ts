import { describe, expect, it } from 'vitest';
import { dayNumber } from './days';
import { buildInventoryIndex, inventoryPosition } from './inventory-position';
import { inventoryMonths } from './test/fixtures';

const d = dayNumber;

describe('inventory position', () => {
  it('takes whole months whole and a partly covered month by its share of days', () => {
    const index = buildInventoryIndex(inventoryMonths);
    expect(inventoryPosition(index, d('2026-01-01'), d('2026-03-31'), 'mac')).toMatchObject({ cogsMinor: 100_000, inventoryMinor: 110_000 });
    // 16 of February's 28 days (13 to 28 Feb) of 30,000 = 17,142.86, plus all of March 40,000.
    expect(inventoryPosition(index, d('2026-02-13'), d('2026-03-31'), 'mac').cogsMinor).toBe(17_143 + 40_000);
  });

  it('reads a partial current month as covering only the days up to `through`', () => {
    // Data as of 10 March: March's 40,000 is ten days' COGS, and its closing is the value on the 10th.
    const index = buildInventoryIndex(inventoryMonths, '2026-03-10');
    const position = inventoryPosition(index, d('2026-03-06'), d('2026-03-10'), 'fifo');
    expect(position.cogsMinor).toBe(41_000 / 2);
    expect(position.inventoryMinor).toBe(92_000 + 20_000);
  });

  it('values stock on a day mid-month at the last closing before it', () => {
    const index = buildInventoryIndex(inventoryMonths);
    const position = inventoryPosition(index, d('2026-02-01'), d('2026-03-15'), 'mac');
    expect(position.inventoryMinor).toBe(80_000 + 20_000);
    expect(position.items.find((i) => i.itemId === 'widget')).toMatchObject({ category: 'finished', closingQuantity: 10 });
    expect(inventoryPosition(index, d('2025-12-01'), d('2025-12-31'), 'mac')).toMatchObject({ cogsMinor: 0, inventoryMinor: 0 });
  });

  it('carries the last closing forward over months with no row', () => {
    const index = buildInventoryIndex(inventoryMonths.filter((m) => m.month !== '2026-03-01'), '2026-03-31');
    expect(inventoryPosition(index, d('2026-03-01'), d('2026-03-31'), 'mac')).toMatchObject({ cogsMinor: 0, inventoryMinor: 80_000 + 20_000 });
  });
});
