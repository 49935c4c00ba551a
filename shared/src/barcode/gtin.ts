// GTIN arithmetic shared by GS1 parsing and item look-ups. EAN-8, UPC-A (12), EAN-13 and GTIN-14
// are one number space: right-aligned in 14 digits, with the same mod-10 check digit.

/** The check digit for `data` (digits only): weights 3, 1, 3, … from the rightmost digit. */
export function gs1CheckDigit(data: string): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const digit = data.charCodeAt(data.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` is all digits (at least two) and its last one is the right check digit. */
export function gtinCheckDigitValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

const GTIN_LENGTHS: ReadonlySet<number> = new Set([8, 12, 13, 14]);

/** An EAN-8, UPC-A, EAN-13 or GTIN-14 with a valid check digit, as 14 digits; otherwise null. */
export function normaliseGtin(code: string): string | null {
  if (!GTIN_LENGTHS.has(code.length) || !gtinCheckDigitValid(code)) return null;
  return code.padStart(14, '0');
}

/**
 * The forms a GTIN-14 may be stored under: itself, then EAN-13, UPC-A and EAN-8 when the digits
 * dropped are leading zeros (an item's barcode is usually kept as printed, EAN-13).
 */
export function gtinForms(gtin14: string): string[] {
  const forms = [gtin14];
  for (const length of [13, 12, 8]) {
    if (/^0+$/.test(gtin14.slice(0, 14 - length))) forms.push(gtin14.slice(14 - length));
  }
  return forms;
}
