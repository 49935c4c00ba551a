import type { Insertable } from 'kysely';
import type { FxRatesTable } from '../../db/finance.schema';
import { addDays, toDayNumber, weekdayOf } from './dates';
import { DEMO_TENANT_ID } from './demo.types';
import type { Rng } from './prng';

/**
 * Units of each currency per pound: the list prices of foreign customers and suppliers are set
 * once in their own currency from these, as a real price list would be.
 */
export const PER_GBP: Record<'GBP' | 'EUR' | 'USD', number> = { GBP: 1, EUR: 1.17, USD: 1.27 };

export function fromGbp(minor: number, currency: keyof typeof PER_GBP): number {
  return Math.round(minor * PER_GBP[currency]);
}

// A day's move of the log rate (about 0.45 % for EUR, 0.55 % for USD) and how hard it is pulled
// back to the list-price rate, so two years wander a few percent either way and never drift off.
const VOLATILITY: Record<'EUR' | 'USD', number> = { EUR: 0.0045, USD: 0.0055 };
const PULL_BACK = 0.02;

/**
 * The pound's daily closing rates against EUR and USD on every weekday from `startDate` to
 * `endDate` (none at weekends, as the banks publish them): the engine converts with the latest
 * rate on or before a day, so a Saturday takes Friday's.
 */
export function generateFxRates(rng: Rng, startDate: string, endDate: string): Insertable<FxRatesTable>[] {
  const rows: Insertable<FxRatesTable>[] = [];
  const days = toDayNumber(endDate) - toDayNumber(startDate) + 1;
  for (const currency of ['EUR', 'USD'] as const) {
    const walk = rng.fork(currency);
    const anchor = Math.log(PER_GBP[currency]);
    let level = anchor + walk.normal(0, 0.02);
    for (let d = 0; d < days; d++) {
      const day = addDays(startDate, d);
      level += PULL_BACK * (anchor - level) + walk.normal(0, VOLATILITY[currency]);
      if (weekdayOf(day) > 4) continue;
      rows.push({ tenant_id: DEMO_TENANT_ID, currency, day, per_base: Math.exp(level).toFixed(4) });
    }
  }
  return rows;
}
