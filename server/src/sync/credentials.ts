import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** sha256 hex: what the database keeps of a secret or an enrollment code. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newDeviceId(): string {
  return `dev_${randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x')}`;
}

export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

// No 0/O, 1/I/L: a person reads the code off one screen and types it into another.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A 12-character one-time code shown as `XXXX-XXXX-XXXX` (about 59 bits). */
export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((g) => g.join('')).join('-');
}

/** What a person may type: any case, with or without dashes and spaces. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** `<deviceId>.<secret>` from an `authorization: Device …` header, or null when it is not one. */
export function parseDeviceAuthorization(header: string | null): { deviceId: string; secret: string } | null {
  const match = header ? /^Device\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header.trim()) : null;
  return match ? { deviceId: match[1]!, secret: match[2]! } : null;
}
