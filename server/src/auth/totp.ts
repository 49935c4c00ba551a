import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RFC 6238 as every authenticator app implements it: HMAC-SHA1, 30-second steps, 6 digits.
const STEP_SECONDS = 30;
const DIGITS = 6;
/** Steps either side of now that still count: phones' clocks drift and people type slowly. */
const WINDOW = 1;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 as people copy it: any case, spaces and `=` padding ignored. Throws on other characters. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`"${char}" is not a base32 character`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP: the code for one counter value. */
export function hotp(key: Uint8Array, counter: number, digits = DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP: the code shown at `unixSeconds`. */
export function totpAt(key: Uint8Array, unixSeconds: number, digits = DIGITS): string {
  return hotp(key, Math.floor(unixSeconds / STEP_SECONDS), digits);
}

/** Whether `code` is the code for now, the step before or the step after; compared in constant time. */
export function verifyTotp(secretBase32: string, code: string, now: Date): boolean {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return false;
  const key = base32Decode(secretBase32);
  const step = Math.floor(now.getTime() / 1000 / STEP_SECONDS);
  let matched = false;
  // Every candidate is compared, so the time taken does not say which step matched.
  for (let offset = -WINDOW; offset <= WINDOW; offset += 1) {
    if (timingSafeEqual(Buffer.from(hotp(key, step + offset)), Buffer.from(typed))) matched = true;
  }
  return matched;
}

/** A fresh 160-bit secret (RFC 4226's recommended length), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The `otpauth://` URI a QR code carries: authenticator apps show `issuer (account)`. */
export function otpauthUri(secretBase32: string, account: string, issuer = 'CapLiquify'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(DIGITS), period: String(STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
