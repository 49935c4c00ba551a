// Reading an amount a person typed ("12,500.50", "-300") as minor units of a currency, with a
// sentence when it is not one.

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

/** `text` in major units (grouping commas allowed) → minor units of a currency with `digits` decimals. */
export function parseMoney(text: string, digits: number): MoneyParse {
  const cleaned = text.trim().replace(/,/g, '').replace(/^−/, '-');
  if (cleaned === '') return { ok: true, minor: 0 };
  const pattern = digits === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(cleaned)) {
    return { ok: false, message: `“${text.trim()}” is not an amount: type a number${digits > 0 ? ` with at most ${digits} decimals` : ''}, e.g. 12,500${digits > 0 ? '.50' : ''}.` };
  }
  const negative = cleaned.startsWith('-');
  const [whole = '0', fraction = ''] = cleaned.replace('-', '').split('.');
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'That amount is too large.' };
  return { ok: true, minor: negative ? -minor : minor };
}

/** Decimal digits of a currency's minor unit. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
