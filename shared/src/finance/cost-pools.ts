import { roundMinor } from './money';

// One item's stock as a cost pool: moving average cost or FIFO layers. Values are integer minor
// units and every issue takes exactly what it removes, so opening + receipts − issues = closing
// holds to the unit. Issuing more than is on hand costs the shortfall at the latest receipt's unit
// cost (the same under both methods); the receipt that later fills it trues the difference up to COGS.

export interface CostPool {
  readonly quantity: number;
  readonly valueMinor: number;
  /** Value per unit of what is on hand, or the latest receipt's unit cost when nothing is. */
  unitCost(): number;
  /** Adds stock (`unitCost` given for a purchase or production receipt); returns the true-up of a shortfall it fills (to COGS). */
  receive(quantity: number, valueMinor: number, unitCost?: number): number;
  /** Removes stock; returns the value taken out. */
  issue(quantity: number): number;
}

/** Ledger quantities are numeric(18, 4): sums are rounded there so float noise never accumulates. */
export const roundQty = (q: number): number => Math.round(q * 1e4) / 1e4 + 0;

/** Share of `value` for `part` of `whole` units, exact when the part is the whole. */
const share = (value: number, part: number, whole: number): number => (part >= whole ? value : roundMinor((value * part) / whole));

/** Fills a shortfall (`short` units issued at `shortValue`) from a receipt; returns what is left of it and the true-up. */
function fillShortfall(short: number, shortValue: number, quantity: number, valueMinor: number) {
  const fill = Math.min(quantity, short);
  const atIssue = share(shortValue, fill, short);
  const atReceipt = share(valueMinor, fill, quantity);
  return { fill, atIssue, trueUp: atReceipt - atIssue, restQty: roundQty(quantity - fill), restValue: valueMinor - atReceipt };
}

export class MovingAveragePool implements CostPool {
  quantity = 0;
  valueMinor = 0;
  private lastUnitCost = 0;

  unitCost(): number {
    return this.quantity > 0 ? this.valueMinor / this.quantity : this.lastUnitCost;
  }

  receive(quantity: number, valueMinor: number, unitCost?: number): number {
    if (quantity <= 0) return 0;
    if (unitCost !== undefined) this.lastUnitCost = unitCost;
    if (this.quantity >= 0) {
      this.quantity = roundQty(this.quantity + quantity);
      this.valueMinor += valueMinor;
      return 0;
    }
    const f = fillShortfall(-this.quantity, -this.valueMinor, quantity, valueMinor);
    this.quantity = roundQty(this.quantity + quantity);
    this.valueMinor += f.atIssue + f.restValue;
    return f.trueUp;
  }

  issue(quantity: number): number {
    if (quantity <= 0) return 0;
    let out: number;
    if (this.quantity <= 0) out = roundMinor(quantity * this.lastUnitCost);
    else if (quantity >= this.quantity) out = this.valueMinor + roundMinor(roundQty(quantity - this.quantity) * this.lastUnitCost);
    else out = share(this.valueMinor, quantity, this.quantity);
    this.quantity = roundQty(this.quantity - quantity);
    this.valueMinor -= out;
    return out;
  }
}

interface Layer { quantity: number; valueMinor: number }

export class FifoPool implements CostPool {
  quantity = 0;
  valueMinor = 0;
  private layers: Layer[] = [];
  private head = 0;
  private short: Layer = { quantity: 0, valueMinor: 0 };
  private lastUnitCost = 0;

  unitCost(): number {
    return this.quantity > 0 ? this.valueMinor / this.quantity : this.lastUnitCost;
  }

  receive(quantity: number, valueMinor: number, unitCost?: number): number {
    if (quantity <= 0) return 0;
    if (unitCost !== undefined) this.lastUnitCost = unitCost;
    this.quantity = roundQty(this.quantity + quantity);
    this.valueMinor += valueMinor;
    let trueUp = 0;
    if (this.short.quantity > 0) {
      const f = fillShortfall(this.short.quantity, this.short.valueMinor, quantity, valueMinor);
      this.short = { quantity: roundQty(this.short.quantity - f.fill), valueMinor: this.short.valueMinor - f.atIssue };
      // The filled units were sold: their value leaves the pool at receipt cost.
      this.valueMinor -= f.trueUp;
      trueUp = f.trueUp;
      quantity = f.restQty;
      valueMinor = f.restValue;
    }
    if (quantity > 0) this.layers.push({ quantity, valueMinor });
    return trueUp;
  }

  issue(quantity: number): number {
    if (quantity <= 0) return 0;
    let left = quantity, out = 0;
    while (left > 0 && this.head < this.layers.length) {
      const layer = this.layers[this.head]!;
      const take = Math.min(left, layer.quantity);
      const value = share(layer.valueMinor, take, layer.quantity);
      out += value;
      layer.valueMinor -= value;
      layer.quantity = roundQty(layer.quantity - take);
      left = roundQty(left - take);
      if (layer.quantity <= 0) this.head += 1;
    }
    if (this.head > 64 && this.head * 2 > this.layers.length) { this.layers = this.layers.slice(this.head); this.head = 0; }
    if (left > 0) {
      const value = roundMinor(left * this.lastUnitCost);
      this.short = { quantity: roundQty(this.short.quantity + left), valueMinor: this.short.valueMinor + value };
      out += value;
    }
    this.quantity = roundQty(this.quantity - quantity);
    this.valueMinor -= out;
    return out;
  }
}
