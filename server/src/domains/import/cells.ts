import { z } from 'zod';

// Cell parsers whose messages a person understands ("must be a number, got 'abc'"): each turns
// the trimmed text of one cell ('' when blank) into a value or one issue on that column.

type Ctx = z.core.$RefinementCtx<string>;

/** The offending text as quoted in a reason, cut short when long. */
export function quote(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}

function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

export function requiredText(max = 200) {
  return z.string().transform((text, ctx) => {
    if (text === '') return fail(ctx, 'is required');
    if (text.length > max) return fail(ctx, `is longer than ${max} characters`);
    return text;
  });
}

export function optionalText(max = 200) {
  return z.string().transform((text, ctx) => {
    if (text.length > max) return fail(ctx, `is longer than ${max} characters`);
    return text === '' ? null : text;
  });
}

// Digits with one decimal point or one decimal comma (semicolon CSVs come from decimal-comma
// locales); no thousands separators, no exponents, no hex.
const DECIMAL = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** '12,5' → '12.5', or null when the text is not a plain decimal number. */
export function normaliseDecimal(text: string): string | null {
  if (!DECIMAL.test(text)) return null;
  return text.replace(',', '.').replace(/^\+/, '');
}

interface DecimalRules {
  /** 'zero' allows 0 and more; 'positive' more than 0; absent allows negatives too. */
  sign?: 'zero' | 'positive';
  maxDecimals?: number;
}

function checkDecimal(text: string, rules: DecimalRules, ctx: Ctx): number {
  const { sign, maxDecimals = 4 } = rules;
  const plain = normaliseDecimal(text);
  if (plain === null) return fail(ctx, `must be a number, got ${quote(text)}`);
  const decimals = plain.split('.')[1]?.length ?? 0;
  if (decimals > maxDecimals) return fail(ctx, maxDecimals === 0 ? `must be a whole number, got ${quote(text)}` : `has more than ${maxDecimals} decimals, got ${quote(text)}`);
  const value = Number(plain);
  if (Math.abs(value) >= 1e14) return fail(ctx, `is too large, got ${quote(text)}`);
  if (sign === 'zero' && value < 0) return fail(ctx, `must be 0 or more, got ${quote(text)}`);
  if (sign === 'positive' && value <= 0) return fail(ctx, `must be more than 0, got ${quote(text)}`);
  return value;
}

/** A decimal number, required (quantities: at most 4 decimals, as numeric(18, 4) stores them). */
export function decimal(rules: DecimalRules = {}) {
  return z.string().transform((text, ctx) => (text === '' ? fail(ctx, 'is required') : checkDecimal(text, rules, ctx)));
}

/** A decimal number, or null when the cell is blank. */
export function optionalDecimal(rules: DecimalRules = {}) {
  return z.string().transform((text, ctx) => (text === '' ? null : checkDecimal(text, rules, ctx)));
}

/** A whole number, 0 or more, or null when blank. */
export function optionalCount() {
  return optionalDecimal({ sign: 'zero', maxDecimals: 0 });
}

/**
 * An amount of money as written (checked as a number, 0 or more); its currency decides how many
 * decimals it may have, so the row turns it into minor units with `toMinorUnits`.
 */
export function amount(sign: 'zero' | 'positive' = 'zero') {
  return z.string().transform((text, ctx) => {
    if (text === '') return fail(ctx, 'is required');
    const plain = normaliseDecimal(text);
    if (plain === null) return fail(ctx, `must be an amount like 12.50, got ${quote(text)}`);
    const value = Number(plain);
    if (sign === 'zero' && value < 0) return fail(ctx, `must be 0 or more, got ${quote(text)}`);
    if (sign === 'positive' && value <= 0) return fail(ctx, `must be more than 0, got ${quote(text)}`);
    return { text: plain, shown: text };
  });
}

const digitsByCurrency = new Map<string, number>();
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** How many minor digits a currency has: 2 for EUR, 0 for JPY. */
export function currencyDigits(code: string): number {
  let digits = digitsByCurrency.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(code, digits);
  }
  return digits;
}

/** '12.5' in EUR → 1250, exactly (no floating point); null when it has more decimals than the currency. */
export function toMinorUnits(plain: string, digits: number): number | null {
  const [whole = '0', fraction = ''] = plain.replace(/^-/, '').split('.');
  if (fraction.length > digits) return null;
  const minor = Number(`${whole || '0'}${fraction.padEnd(digits, '0')}`);
  return plain.startsWith('-') ? -minor : minor;
}

/** A currency code, upper-cased; blank gives null (the row picks its default). */
export function currency() {
  return z.string().transform((text, ctx) => {
    if (text === '') return null;
    const code = text.toUpperCase();
    if (!isCurrency(code)) return fail(ctx, `must be a currency code like EUR, got ${quote(text)}`);
    return code;
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T00:00:00(\.000)?Z?)?$/;

/** A calendar date as YYYY-MM-DD (an XLSX date cell arrives that way too). */
export function isoDate() {
  return z.string().transform((text, ctx) => {
    if (text === '') return fail(ctx, 'is required');
    const match = ISO_DATE.exec(text);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!match || !date || date.getUTCDate() !== Number(match[3])) return fail(ctx, `must be a date like 2026-01-31, got ${quote(text)}`);
    return text.slice(0, 10);
  });
}

/** One of a few words, case-insensitive; `names` maps each accepted spelling to its value. */
export function choice<T extends string>(names: Record<string, T>, fallback?: T) {
  const listed = [...new Set(Object.values(names))].join(', ');
  return z.string().transform((text, ctx) => {
    if (text === '') return fallback ?? fail(ctx, `is required (one of ${listed})`);
    const key = text.toLowerCase();
    return Object.hasOwn(names, key) ? names[key]! : fail(ctx, `must be one of ${listed}, got ${quote(text)}`);
  });
}
