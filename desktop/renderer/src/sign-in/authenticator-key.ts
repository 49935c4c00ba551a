// How an authenticator's secret is shown for typing into a phone: blocks of four, as the apps
// themselves print keys, so a person can keep their place.

/** The base32 secret in blocks of 4 characters: `JBSW Y3DP EHPK 3PXP`. */
export function keyBlocks(secret: string): string[] {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  return clean.match(/.{1,4}/g) ?? [];
}

/** Only the digits of what was typed or pasted (a code copied as "123 456" too), at most 6. */
export function codeDigits(text: string): string {
  return text.replace(/\D/g, '').slice(0, 6);
}
