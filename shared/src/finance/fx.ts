import type { FxRate } from '../domain/finance.schema';
import { dayNumber, isoDay, lastAtOrBefore } from './days';
import { minorDigits, roundMinor } from './money';
import { FinanceInputError } from './finance-input-error';

// Conversion to the tenant's base currency at the stored rate of a day: the latest rate on or
// before that day, never a later one (a report as of March must not use April's rate).

interface CurrencyRates { days: number[]; perBase: number[] }

export interface FxIndex {
  baseCurrency: string;
  rates: ReadonlyMap<string, CurrencyRates>;
}

/** Why an amount could not be converted: shown to the user next to the rows left out. */
export interface FxMissingRate {
  code: 'FX_RATE_MISSING';
  currency: string;
  day: string;
  message: string;
}

export type FxLookup = { ok: true; perBase: number; rateDay: string | null } | { ok: false; error: FxMissingRate };
export type FxConversion = { ok: true; baseMinor: number; perBase: number } | { ok: false; error: FxMissingRate };

/** Indexes rates by currency and day; for a day given twice the later entry wins. */
export function buildFxIndex(baseCurrency: string, rates: readonly FxRate[]): FxIndex {
  const byCurrency = new Map<string, Map<number, number>>();
  for (const rate of rates) {
    if (!(rate.perBase > 0) || !Number.isFinite(rate.perBase)) throw new FinanceInputError(`FX rate for ${rate.currency} on ${rate.day} must be a positive number, got ${rate.perBase}`);
    const currency = rate.currency.toUpperCase();
    let days = byCurrency.get(currency);
    if (!days) byCurrency.set(currency, (days = new Map()));
    days.set(dayNumber(rate.day), rate.perBase);
  }
  const index = new Map<string, CurrencyRates>();
  for (const [currency, days] of byCurrency) {
    const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
    index.set(currency, { days: sorted.map(([day]) => day), perBase: sorted.map(([, perBase]) => perBase) });
  }
  return { baseCurrency: baseCurrency.toUpperCase(), rates: index };
}

function missing(currency: string, day: number): FxMissingRate {
  const iso = isoDay(day);
  return { code: 'FX_RATE_MISSING', currency, day: iso, message: `No ${currency} rate on or before ${iso}: amounts in ${currency} are left out of base-currency totals.` };
}

/** The rate of `currency` (units per one base unit) in force on `day` (an ISO day or day number). */
export function rateOn(index: FxIndex, currency: string, day: string | number): FxLookup {
  const dayNo = typeof day === 'number' ? day : dayNumber(day);
  const code = currency.toUpperCase();
  if (code === index.baseCurrency) return { ok: true, perBase: 1, rateDay: null };
  const rates = index.rates.get(code);
  const at = rates ? lastAtOrBefore(rates.days, dayNo) : -1;
  if (!rates || at < 0) return { ok: false, error: missing(code, dayNo) };
  return { ok: true, perBase: rates.perBase[at]!, rateDay: isoDay(rates.days[at]!) };
}

/** Minor units of `currency` at a rate → integer minor units of the base currency. */
export function convertAtRate(amountMinor: number, currency: string, perBase: number, baseCurrency: string): number {
  if (perBase === 1 && currency === baseCurrency) return amountMinor;
  const shift = minorDigits(baseCurrency) - minorDigits(currency);
  return roundMinor((amountMinor * 10 ** shift) / perBase);
}

/** Converts minor units of `currency` to the base currency at the rate in force on `day`. */
export function toBaseMinor(index: FxIndex, amountMinor: number, currency: string, day: string | number): FxConversion {
  const rate = rateOn(index, currency, day);
  if (!rate.ok) return rate;
  return { ok: true, baseMinor: convertAtRate(amountMinor, currency.toUpperCase(), rate.perBase, index.baseCurrency), perBase: rate.perBase };
}

/**
 * A converter fixed on one day, caching each currency's rate: the engine converts tens of thousands
 * of balances on the same as-of day. Returns null when the currency has no rate.
 */
export function converterOn(index: FxIndex, day: number): (amountMinor: number, currency: string) => number | null {
  const cache = new Map<string, RateTable>();
  return (amountMinor, currency) => {
    let table = cache.get(currency);
    if (!table) cache.set(currency, (table = rateTable(index, [currency.toUpperCase()], day)));
    return convertIndexed(table, amountMinor, 0);
  };
}

/**
 * A converter for amounts on many different days (each document's issue day): each currency's
 * rates are found once, then a binary search per call. Returns null when there is no rate.
 */
export function datedConverter(index: FxIndex): (amountMinor: number, currency: string, day: number) => number | null {
  const cache = new Map<string, { rates: CurrencyRates | undefined; scale: number }>();
  return (amountMinor, currency, day) => {
    let entry = cache.get(currency);
    if (!entry) {
      const code = currency.toUpperCase();
      const base = code === index.baseCurrency;
      cache.set(currency, (entry = { rates: base ? undefined : index.rates.get(code), scale: base ? 0 : 10 ** (minorDigits(index.baseCurrency) - minorDigits(code)) }));
    }
    if (entry.scale === 0) return amountMinor;
    const at = entry.rates ? lastAtOrBefore(entry.rates.days, day) : -1;
    return at < 0 ? null : roundMinor((amountMinor * entry.scale) / entry.rates!.perBase[at]!);
  };
}

/** Rows left out of base-currency totals for want of a rate, grouped by currency. */
export interface FxGap {
  currency: string;
  /** The latest day a rate was needed: there is none on or before it. */
  day: string;
  message: string;
  documentIds: string[];
}

/** Collects FX gaps while a report is computed. */
export function fxGapCollector(defaultDay: number) {
  const gaps = new Map<string, { day: number; documentIds: Set<string> }>();
  return {
    add(currency: string, documentId: string, day = defaultDay): void {
      const gap = gaps.get(currency);
      if (!gap) gaps.set(currency, { day, documentIds: new Set([documentId]) });
      else { gap.documentIds.add(documentId); gap.day = Math.max(gap.day, day); }
    },
    list: (): FxGap[] => [...gaps]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([currency, gap]) => {
        const { day, message } = missing(currency.toUpperCase(), gap.day);
        return { currency: currency.toUpperCase(), day, message, documentIds: [...gap.documentIds] };
      }),
  };
}

/** Each currency's rate on one day, for tight loops: `convertIndexed` with the currency's position. */
export interface RateTable { perBase: Float64Array; scale: Float64Array; missing: Uint8Array }

export function rateTable(index: FxIndex, currencies: readonly string[], day: number): RateTable {
  // scale 0 marks the base currency itself: amounts pass through untouched.
  const table: RateTable = { perBase: new Float64Array(currencies.length), scale: new Float64Array(currencies.length), missing: new Uint8Array(currencies.length) };
  currencies.forEach((currency, i) => {
    const rate = rateOn(index, currency, day);
    if (!rate.ok) { table.missing[i] = 1; return; }
    table.perBase[i] = rate.perBase;
    table.scale[i] = currency === index.baseCurrency ? 0 : 10 ** (minorDigits(index.baseCurrency) - minorDigits(currency));
  });
  return table;
}

/** The same arithmetic as convertAtRate, from a rate table: base minor units, or null without a rate. */
export function convertIndexed(table: RateTable, amountMinor: number, currencyIndex: number): number | null {
  if (table.missing[currencyIndex] === 1) return null;
  const scale = table.scale[currencyIndex]!;
  return scale === 0 ? amountMinor : roundMinor((amountMinor * scale) / table.perBase[currencyIndex]!);
}
