// Shopify sends money as decimal strings ("12.50"); we keep integer minor units. Parsing is done
// on the digits, never through a float, so "0.10" + "0.20" stays 30 and not 30.000000000000004.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3), as ICU knows them. */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new RangeError(`"${currency}" is not a currency code`);
  }
}

/**
 * `amount` (a decimal string) in minor units of `currency`, exactly. Digits past the currency's
 * exponent must be zeros ("1000.00" JPY is 1000): anything else is refused, not rounded away.
 */
export function moneyToMinor(amount: string, currency: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match as unknown as [string, string, string, string | undefined];
  const exponent = currencyExponent(currency);
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  if (/[^0]/.test(fraction.slice(exponent))) throw new RangeError(`"${amount}" has more decimals than ${currency} allows (${exponent})`);
  const minor = BigInt(`${whole}${kept}`);
  return sign === '-' ? -minor : minor;
}

/**
 * Channel fees on an order: `ratePct` percent of the total (half away from zero, to the minor
 * unit) plus a fixed amount per order. The rate is a decimal ("2.9"), read without floats.
 */
export function channelFeeMinor(totalMinor: bigint, ratePct: string | number, fixedMinor = 0n): bigint {
  const text = typeof ratePct === 'number' ? numberToDecimal(ratePct) : ratePct.trim();
  const match = DECIMAL.exec(text);
  if (!match || match[1] === '-') throw new RangeError(`fee rate "${text}" must be a non-negative percentage`);
  const fraction = match[3] ?? '';
  const numerator = BigInt(`${match[2]}${fraction}`);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  const product = totalMinor * numerator;
  const magnitude = (abs(product) * 2n + denominator) / (2n * denominator);
  return (product < 0n ? -magnitude : magnitude) + fixedMinor;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

// A rate given as a JSON number (2.9) is written as its shortest decimal, which is what a person typed.
function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`fee rate ${value} is not a number`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
