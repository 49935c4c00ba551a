import { FinanceInputError } from './finance-input-error';

// Money is integer minor units everywhere in the engine; these helpers are the only places that
// know how many digits a currency has and how a half rounds.

const digitsCache = new Map<string, number>();

/**
 * Digits of a currency's minor unit (GBP 2, JPY 0, BHD 3) from the ICU data every runtime ships;
 * 2 for a well-formed code ICU does not know. A malformed code throws a FinanceInputError.
 */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      throw new FinanceInputError(`"${currency}" is not a currency code`);
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Half away from zero, so a credit and a debit of the same size round to the same magnitude. */
export function roundMinor(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

/** `1234567` GBP → `12,345.67 GBP`; exact (integer arithmetic), for sentences and exports. */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : '';
  return `${minor < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}
