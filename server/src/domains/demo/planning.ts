import { isCounted, type CatalogItem, type CatalogSupplier } from './catalog.model';
import { CHANNELS, type DemandPlan } from './sales.generator';

/**
 * Expected consumption per item and day: finished goods' expected sales exploded through the
 * BOMs. Planners look ahead with it (so they see seasons and planned promotions coming), and the
 * stored reorder points come from its average.
 */
export interface UsageForecast {
  /** cumulative[i][t] = expected use of item i on days [0, t). */
  cumulative: Float64Array[];
  span: number;
}

export function explodeUsage(items: CatalogItem[], plan: DemandPlan, span: number): UsageForecast {
  const usage = items.map(() => new Float64Array(span));
  for (const [index, channels] of plan.byItem) {
    const target = usage[index] as Float64Array;
    for (const channel of CHANNELS) channels[channel].mean.forEach((m, t) => (target[t] = (target[t] ?? 0) + m));
  }
  // Parents before children: by descending height, a parent's usage is complete before it flows down.
  const parents = items.filter((i) => i.bom.length > 0).sort((a, b) => b.height - a.height);
  for (const parent of parents) {
    const from = usage[parent.index] as Float64Array;
    for (const line of parent.bom) {
      const to = usage[line.component] as Float64Array;
      for (let t = 0; t < span; t++) to[t] = (to[t] ?? 0) + (from[t] ?? 0) * line.quantity;
    }
  }
  const cumulative = usage.map((u) => {
    const c = new Float64Array(span + 1);
    for (let t = 0; t < span; t++) c[t + 1] = (c[t] ?? 0) + (u[t] ?? 0);
    return c;
  });
  return { cumulative, span };
}

/** Expected use of `item` over days [from, to), clamped to the known horizon. */
export function expectedUse(forecast: UsageForecast, item: number, from: number, to: number): number {
  const c = forecast.cumulative[item] as Float64Array;
  const a = Math.min(Math.max(Math.floor(from), 0), forecast.span);
  const b = Math.min(Math.max(Math.ceil(to), 0), forecast.span);
  return (c[b] ?? 0) - (c[a] ?? 0);
}

function roundUp(value: number, unit: string): number {
  return isCounted(unit) ? Math.ceil(value) : Math.ceil(value * 10) / 10;
}

/** The static planning figures stored on each item, from the average use over the history. */
export function setReorderParameters(items: CatalogItem[], forecast: UsageForecast, days: number, suppliers: CatalogSupplier[]): void {
  for (const item of items) {
    const perDay = expectedUse(forecast, item.index, 0, days) / days;
    const supplier = item.supplierIndex === null ? null : suppliers[item.supplierIndex];
    const cover = 7 + (supplier ? supplier.lateDaysMax / 2 : 0) + item.leadTimeDays * 0.25;
    item.usagePerDay = perDay;
    item.safetyStock = roundUp(perDay * cover, item.unit);
    item.reorderPoint = roundUp(perDay * (item.leadTimeDays + 7) + item.safetyStock, item.unit);
  }
}

/** Purchase quantities come in the packs suppliers sell. */
export function packRound(value: number, item: CatalogItem): number {
  const pack = item.unit === 'ea' ? (item.category === 'Fasteners' ? 100 : value > 50 ? 10 : 1) : item.unit === 'kg' ? 25 : item.unit === 'L' ? 5 : 10;
  return Math.max(pack, Math.ceil(value / pack) * pack);
}
