import { gs1CheckDigit as checkDigitOf } from '@capliquify/shared';

/**
 * GS1 check digits (EAN-13, UPC-A, GTIN-8/14 share the algorithm, kept in shared/): the generator
 * only ever asks for digits, so anything else is a bug here, not a scan to report.
 */
export function gs1CheckDigit(data: string): number {
  if (!/^\d+$/.test(data)) throw new Error(`GTIN data must be digits: ${data}`);
  return checkDigitOf(data);
}

/** True for a GTIN-8, -12, -13 or -14 whose last digit is the right check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || ![8, 12, 13, 14].includes(code.length)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

/** EAN-13 from a GS1 company prefix and an item reference, padded to twelve data digits. */
export function ean13(companyPrefix: string, itemReference: number): string {
  const refDigits = 12 - companyPrefix.length;
  const ref = String(itemReference).padStart(refDigits, '0');
  if (ref.length !== refDigits) throw new Error(`item reference ${itemReference} does not fit ${refDigits} digits`);
  const data = `${companyPrefix}${ref}`;
  return `${data}${gs1CheckDigit(data)}`;
}

/** GTIN-14 for an outer case: an indicator digit before the unit's EAN-13 data, new check digit. */
export function caseGtin14(unitEan13: string, indicator = 1): string {
  const data = `${indicator}${unitEan13.slice(0, 12)}`;
  return `${data}${gs1CheckDigit(data)}`;
}
