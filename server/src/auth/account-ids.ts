import { createHash, randomBytes } from 'node:crypto';

/** Opaque ids with a prefix that says what they name (`usr_…`, `sin_…`, `grt_…`), like devices' `dev_…`. */
export function newAccountId(prefix: 'usr' | 'sin' | 'grt'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** A refresh token: 256 random bits; only its sha256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
