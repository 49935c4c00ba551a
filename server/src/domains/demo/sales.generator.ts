import type { Insertable } from 'kysely';
import type { PromotionsTable } from '../../db/schema';
import type { CatalogItem } from './catalog.model';
import type { Season } from './catalog.names';
import { addDays, dayOfYear, weekdayOf } from './dates';
import { DEMO_TENANT_ID, type DemandClass } from './demo.types';
import type { Rng } from './prng';

export const CHANNELS = ['shopify', 'amazon'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Days after the end of history for which expected demand is known, so planners can look ahead. */
export const LOOKAHEAD_DAYS = 120;

// Monday … Sunday. Shopify buyers browse at the weekend and order on Sunday night and Monday.
const WEEKLY: Record<Channel, number[]> = {
  shopify: [1.22, 1.08, 1.0, 0.94, 0.88, 0.74, 1.14],
  amazon: [1.1, 1.04, 1.0, 0.95, 0.9, 0.96, 1.05],
};
const SEASONS: Record<Season, { amplitude: number; peakDay: number }> = {
  summer: { amplitude: 0.65, peakDay: 165 },
  spring: { amplitude: 0.5, peakDay: 115 },
  winter: { amplitude: 0.6, peakDay: 320 },
  christmas: { amplitude: 0.15, peakDay: 340 },
  flat: { amplitude: 0.08, peakDay: 180 },
};

/** Expected demand and realised (unconstrained) demand for one finished good on one channel. */
export interface ChannelDemand {
  /** Expected units per day, history plus lookahead. */
  mean: Float64Array;
  /** What customers wanted each day of history; stock may not have covered it. */
  wanted: Int32Array;
  /** Discount percent of the running promotion, 0 when none. */
  discountPct: Uint8Array;
}

export interface DemandPlan {
  byItem: Map<number, Record<Channel, ChannelDemand>>;
  demandClass: Map<number, DemandClass>;
  promotions: Insertable<PromotionsTable>[];
}

function seasonal(season: Season, iso: string): number {
  const { amplitude, peakDay } = SEASONS[season];
  const doy = dayOfYear(iso);
  let factor = 1 + amplitude * Math.cos((2 * Math.PI * (doy - peakDay)) / 365);
  const monthDay = iso.slice(5);
  // Black Friday to the last posting day, then nothing ships over Christmas.
  if (monthDay >= '11-22' && monthDay <= '12-18') factor *= season === 'christmas' ? 1.7 : 1.25;
  if (monthDay >= '12-24' && monthDay <= '12-26') factor *= 0.35;
  return factor;
}

function baseRate(rng: Rng, cls: DemandClass): number {
  if (cls === 'fast') return rng.range(2, 10);
  if (cls === 'medium') return rng.range(0.4, 1.8);
  return rng.range(0.04, 0.25);
}

export function generateDemand(rng: Rng, finished: CatalogItem[], startDate: string, days: number, promotionsPerYear: number): DemandPlan {
  const span = days + LOOKAHEAD_DAYS;
  const isoDays = Array.from({ length: span }, (_, t) => addDays(startDate, t));
  const byItem = new Map<number, Record<Channel, ChannelDemand>>();
  const demandClass = new Map<number, DemandClass>();
  const promotions: Insertable<PromotionsTable>[] = [];

  for (const item of finished) {
    const r = rng.fork(item.id);
    const cls: DemandClass = r.weighted(['fast', 'medium', 'slow'], [0.12, 0.38, 0.5]);
    demandClass.set(item.index, cls);
    const rate = baseRate(r, cls);
    const shopifyShare = r.range(0.3, 0.7);
    const growth = r.normal(0.12, 0.15);
    // A few products launch part-way through a long history, ramping up over a month; late enough
    // that purchasing, which looks ahead by the longest lead time, has their parts in by then.
    const launch = days >= 365 && r.chance(0.08) ? r.int(Math.floor(days * 0.15), Math.floor(days * 0.5)) : 0;
    const season = item.season ?? 'flat';
    const shapes = CHANNELS.map((channel) => {
      const share = channel === 'shopify' ? shopifyShare : 1 - shopifyShare;
      const discountPct = new Uint8Array(span);
      if (cls !== 'slow') placePromotions(r, item, channel, discountPct, isoDays, days, promotionsPerYear, launch, promotions);
      const elasticity = r.range(2.5, 4);
      const shape = new Float64Array(span);
      for (let t = 0; t < span; t++) {
        const iso = isoDays[t] as string;
        const trend = Math.max(0.25, 1 + (growth * (t - days / 2)) / 365);
        const ramp = launch === 0 ? 1 : t < launch ? 0 : Math.min(1, (t - launch + 1) / 30);
        const uplift = 1 + ((discountPct[t] ?? 0) / 100) * elasticity;
        shape[t] = share * trend * seasonal(season, iso) * (WEEKLY[channel][weekdayOf(iso)] ?? 1) * ramp * uplift;
      }
      return { channel, shape, discountPct };
    });
    // A slow mover whose short history falls in its off-season could otherwise sell nothing at all:
    // expect at least fifteen units over the history, so every product has sales.
    const shapeTotal = shapes.reduce((sum, { shape }) => sum + shape.subarray(0, days).reduce((a, b) => a + b, 0), 0);
    const scale = cls === 'slow' ? Math.max(rate, 15 / Math.max(shapeTotal, 1e-9)) : rate;
    const perChannel = {} as Record<Channel, ChannelDemand>;
    for (const { channel, shape, discountPct } of shapes) {
      const mean = shape.map((v) => v * scale);
      const wanted = new Int32Array(days);
      for (let t = 0; t < days; t++) {
        const m = mean[t] ?? 0;
        wanted[t] = r.poisson(cls === 'slow' ? m : m * Math.exp(r.normal(0, 0.25) - 0.03));
      }
      perChannel[channel] = { mean, wanted, discountPct };
    }
    byItem.set(item.index, perChannel);
  }
  return { byItem, demandClass, promotions };
}

function placePromotions(
  rng: Rng, item: CatalogItem, channel: Channel, discountPct: Uint8Array, isoDays: string[], days: number,
  perYear: number, launch: number, out: Insertable<PromotionsTable>[],
): void {
  const count = rng.poisson((perYear * days) / 365);
  const planned = rng.chance(0.25) ? 1 : 0;
  for (let n = 0; n < count + planned; n++) {
    const future = n >= count;
    for (let attempt = 0; attempt < 6; attempt++) {
      const length = channel === 'amazon' ? rng.int(2, 7) : rng.int(4, 10);
      const start = future ? rng.int(days + 3, days + 40) : rng.int(Math.max(launch + 30, 21), days - 1);
      const end = start + length - 1;
      if (end >= discountPct.length || start >= (future ? discountPct.length : days)) continue;
      // Promotions on one product and channel never overlap, and leave a quiet week between them.
      let clash = false;
      for (let t = Math.max(0, start - 7); t <= Math.min(discountPct.length - 1, end + 7); t++) if (discountPct[t]) clash = true;
      if (clash) continue;
      const pct = rng.pick([10, 15, 20, 25, 30]);
      discountPct.fill(pct, start, end + 1);
      out.push({
        id: `prm_demo_${item.id.slice(9)}_${channel}_${start}`,
        tenant_id: DEMO_TENANT_ID, item_id: item.id, channel,
        starts_on: isoDays[start] as string, ends_on: isoDays[end] as string, discount_pct: pct,
      });
      break;
    }
  }
}
