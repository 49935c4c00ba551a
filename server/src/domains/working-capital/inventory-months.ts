import { movementKindSchema, type InventoryMonth } from '@capliquify/shared';
import { valueInventory, type ValuationMovement } from '@capliquify/shared/finance/index';

// The `inventory_month` documents: each item's closing stock and COGS per month from the stock
// ledger, under moving average cost and FIFO (the engine's valuation). The ledger's unit costs are
// taken as base-currency minor units, as the demo and the integrations write them.

export interface LedgerMovementRow {
  item_id: string;
  category: string;
  kind: string;
  quantity: string | number;
  unit_cost_minor: string | number;
  occurred_at: Date | string;
}

/** Every item's months from its first movement up to the month holding `through` (an ISO day). */
export function inventoryMonths(rows: readonly LedgerMovementRow[], through: string): InventoryMonth[] {
  const movements: ValuationMovement[] = [];
  for (const row of rows) {
    const kind = movementKindSchema.safeParse(row.kind);
    // A kind this build does not know moves no value it could explain; the ledger holds only known ones.
    if (!kind.success) continue;
    movements.push({
      itemId: row.item_id, category: row.category, kind: kind.data, quantity: Number(row.quantity), unitCostMinor: Number(row.unit_cost_minor),
      at: row.occurred_at instanceof Date ? row.occurred_at.toISOString() : row.occurred_at,
    });
  }
  return valueInventory(movements, { through });
}
