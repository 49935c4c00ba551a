import type { InventoryMonth } from '../domain/finance.schema';
import { dayNumber, lastAtOrBefore, monthEndOf, monthStartOf } from './days';
import { roundMinor } from './money';

// Inventory value and COGS of any period from the monthly documents. A month covers its calendar
// days up to `through` (the current month is partial); a period that covers part of a month takes
// that share of its COGS, by days. Value on a day is the last closing known on or before it.

export type Costing = 'mac' | 'fifo';

interface ItemMonths { itemId: string; category: string; starts: number[]; ends: number[]; rows: InventoryMonth[] }

export interface InventoryIndex {
  items: readonly ItemMonths[];
  /** Last day the months cover; null when there are none. */
  through: number | null;
}

export function buildInventoryIndex(months: readonly InventoryMonth[], through?: string): InventoryIndex {
  const byItem = new Map<string, { category: string; rows: { start: number; row: InventoryMonth }[] }>();
  let lastStart = -Infinity;
  for (const row of months) {
    const day = dayNumber(row.month);
    // Rows name the first of their month; anything else is read as the month holding that day.
    const start = row.month.endsWith('-01') ? day : monthStartOf(day);
    if (start > lastStart) lastStart = start;
    let item = byItem.get(row.itemId);
    if (!item) byItem.set(row.itemId, (item = { category: row.category, rows: [] }));
    item.category = row.category;
    item.rows.push({ start, row });
  }
  // Items share their months: each month's last day is worked out once.
  const monthEnds = new Map<number, number>();
  const endOf = (start: number) => {
    let end = monthEnds.get(start);
    if (end === undefined) monthEnds.set(start, (end = monthEndOf(start)));
    return end;
  };
  const items = [...byItem].map(([itemId, { category, rows }]) => {
    rows.sort((a, b) => a.start - b.start);
    return { itemId, category, starts: rows.map((r) => r.start), ends: rows.map((r) => endOf(r.start)), rows: rows.map((r) => r.row) };
  });
  const throughDay = through !== undefined ? dayNumber(through) : months.length > 0 ? monthEndOf(lastStart) : null;
  return { items, through: throughDay };
}

export interface ItemPosition {
  itemId: string;
  category: string;
  /** Closing value known on or before the end day (base currency, minor units). */
  inventoryMinor: number;
  closingQuantity: number;
  /** COGS of the period, months covered in part taking their share by days. */
  cogsMinor: number;
}

export interface InventoryPosition {
  items: ItemPosition[];
  inventoryMinor: number;
  cogsMinor: number;
}

/** Value at `end` and COGS over the days `start`…`end` (inclusive) of every item (`withItems` false: totals only). */
export function inventoryPosition(index: InventoryIndex, start: number, end: number, costing: Costing, withItems = true): InventoryPosition {
  const items: ItemPosition[] = [];
  let inventoryMinor = 0, cogsMinor = 0;
  const through = index.through ?? end;
  for (const item of index.items) {
    const { starts, ends, rows } = item;
    let last = lastAtOrBefore(starts, end);
    // The month holding `end` closes after it unless the data stops on or before `end`.
    if (last >= 0 && Math.min(ends[last]!, through) > end) last -= 1;
    const closing = last >= 0 ? rows[last]! : null;
    let cogs = 0;
    for (let i = Math.max(0, lastAtOrBefore(starts, start)); i < starts.length && starts[i]! <= end; i++) {
      const monthStart = starts[i]!;
      const coveredEnd = Math.min(ends[i]!, through);
      const overlap = Math.min(coveredEnd, end) - Math.max(monthStart, start) + 1;
      if (overlap <= 0) continue;
      const row = rows[i]!;
      const monthCogs = costing === 'fifo' ? row.cogsFifoMinor : row.cogsMinor;
      cogs += overlap >= coveredEnd - monthStart + 1 ? monthCogs : (monthCogs * overlap) / (coveredEnd - monthStart + 1);
    }
    const value = closing ? (costing === 'fifo' ? closing.closingValueFifoMinor : closing.closingValueMinor) : 0;
    const itemCogs = roundMinor(cogs);
    inventoryMinor += value;
    cogsMinor += itemCogs;
    if (withItems) items.push({ itemId: item.itemId, category: item.category, inventoryMinor: value, closingQuantity: closing?.closingQuantity ?? 0, cogsMinor: itemCogs });
  }
  return { items, inventoryMinor, cogsMinor };
}
