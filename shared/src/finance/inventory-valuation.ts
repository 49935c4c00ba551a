import type { InventoryMonth } from '../domain/finance.schema';
import type { MovementKind } from '../domain/ledger';
import { movementDelta } from '../domain/stock-effect';
import { addMonths, dayNumber, isoDay, monthStartOf } from './days';
import { FifoPool, MovingAveragePool, roundQty, type CostPool } from './cost-pools';
import { roundMinor } from './money';
import { FinanceInputError } from './finance-input-error';

// Stock value and COGS per item and month from the stock ledger, under moving average cost and
// FIFO side by side: what the server turns into InventoryMonth documents. Valuation is company-wide,
// so transfers between sites change nothing and are skipped. Shipments and issues are COGS;
// production consumption moves value into the goods produced (their receipt carries the cost) and
// count adjustments are shrinkage, kept out of COGS.

export interface ValuationMovement {
  itemId: string;
  category: string;
  /** ISO timestamp (or day) of the movement. */
  at: string;
  kind: MovementKind;
  /** As entered in the ledger: positive, except count adjustments which are signed. */
  quantity: number;
  /** Cost per unit (base currency, minor units) of a receipt or production output; others use the pool's cost. */
  unitCostMinor: number | null;
}

export interface ValuationOptions {
  /** Emit months up to the one holding this day (default: the month of the latest movement). */
  through?: string;
}

const COGS_KINDS: ReadonlySet<MovementKind> = new Set(['shipment', 'issue']);
const DEMAND_KINDS: ReadonlySet<MovementKind> = new Set(['shipment', 'issue', 'production_consumption']);
const COSTED_KINDS: ReadonlySet<MovementKind> = new Set(['receipt', 'production_output']);

interface Month { cogs: number; cogsFifo: number; out: number }

/** One row per item and month from its first movement to `through`, months without movements included. */
export function valueInventory(movements: readonly ValuationMovement[], options: ValuationOptions = {}): InventoryMonth[] {
  const byItem = new Map<string, { category: string; moves: { day: number; at: string; order: number; m: ValuationMovement }[] }>();
  let latest = -Infinity;
  movements.forEach((m, order) => {
    if (!Number.isFinite(m.quantity)) throw new FinanceInputError(`Movement ${order} of item ${m.itemId}: quantity ${m.quantity} is not a number`);
    if (m.unitCostMinor !== null && !(Number.isFinite(m.unitCostMinor) && m.unitCostMinor >= 0)) throw new FinanceInputError(`Movement ${order} of item ${m.itemId}: unit cost ${m.unitCostMinor} is not a cost`);
    const day = dayNumber(m.at);
    latest = Math.max(latest, day);
    let item = byItem.get(m.itemId);
    if (!item) byItem.set(m.itemId, (item = { category: m.category, moves: [] }));
    item.category = m.category;
    item.moves.push({ day, at: m.at, order, m });
  });
  const lastMonth = monthStartOf(options.through !== undefined ? dayNumber(options.through) : latest);
  const rows: InventoryMonth[] = [];
  for (const [itemId, { category, moves }] of byItem) {
    moves.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
    const mac = new MovingAveragePool(), fifo = new FifoPool();
    let month = monthStartOf(moves[0]!.day);
    let acc: Month = { cogs: 0, cogsFifo: 0, out: 0 };
    const close = () => {
      rows.push({
        itemId, category, month: isoDay(month), closingQuantity: mac.quantity, closingValueMinor: mac.valueMinor, closingValueFifoMinor: fifo.valueMinor,
        cogsMinor: acc.cogs, cogsFifoMinor: acc.cogsFifo, outQuantity: roundQty(acc.out),
      });
      acc = { cogs: 0, cogsFifo: 0, out: 0 };
      month = addMonths(month, 1);
    };
    for (const { day, m } of moves) {
      if (monthStartOf(day) > lastMonth) break;
      while (monthStartOf(day) > month) close();
      if (m.kind === 'transfer_in' || m.kind === 'transfer_out') continue;
      const delta = movementDelta(m.kind, m.quantity);
      if (delta > 0) {
        const costed = COSTED_KINDS.has(m.kind) && m.unitCostMinor !== null;
        const receive = (pool: CostPool) => {
          // Opening stock arrives as a count adjustment: with no cost known yet, its own unit cost values it.
          const own = costed || (m.unitCostMinor !== null && m.unitCostMinor > 0 && pool.unitCost() === 0);
          const unit = own ? m.unitCostMinor! : pool.unitCost();
          return pool.receive(delta, roundMinor(delta * unit), own ? unit : undefined);
        };
        acc.cogs += receive(mac);
        acc.cogsFifo += receive(fifo);
      } else if (delta < 0) {
        const outMac = mac.issue(-delta), outFifo = fifo.issue(-delta);
        if (COGS_KINDS.has(m.kind)) { acc.cogs += outMac; acc.cogsFifo += outFifo; }
        if (DEMAND_KINDS.has(m.kind)) acc.out += -delta;
      }
    }
    while (month <= lastMonth) close();
  }
  return rows;
}
