/**
 * Digits after the decimal point of a currency's minor unit (EUR 2, JPY 0, BHD 3), from the ICU
 * data Node ships (2 for a well-formed code ICU does not know). A malformed code throws a RangeError.
 */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * A decimal amount as integer minor units of its currency: 12.5 EUR → 1250, 1000 JPY → 1000.
 * Works on the decimal text of the number rather than multiplying floats (1.005 × 100 is
 * 100.49999…); digits beyond the minor unit round half away from zero.
 */
export function toMinorUnits(amount: number | string, currency: string): number {
  const text = typeof amount === 'number' ? numberText(amount) : amount.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) throw new RangeError(`"${text}" is not a decimal amount`);
  const digits = minorDigits(currency);
  const [, sign, whole = '', fraction = ''] = match;
  const kept = BigInt(`${whole || '0'}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  const rounded = Number(fraction[digits] ?? '0') >= 5 ? kept + 1n : kept;
  const minor = Number(sign === '-' ? -rounded : rounded);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${text} ${currency} is too large`);
  return minor === 0 ? 0 : minor;
}

function numberText(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`${amount} is not an amount`);
  const text = String(amount);
  // Tiny or huge numbers print in exponent form; toFixed(20) spells them out.
  return /e/i.test(text) ? amount.toFixed(20) : text;
}
