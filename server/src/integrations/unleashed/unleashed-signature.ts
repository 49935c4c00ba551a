import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Unleashed's request signature: base64 HMAC-SHA256 of the query string exactly as sent (no `?`,
 * no path; the empty string when there is none), keyed with the account's API key. The string is
 * signed as it goes on the wire, percent-encoding included, so the client must sign the very
 * string it appends to the URL.
 */
export function signUnleashedQuery(queryString: string, apiKey: string): string {
  return createHmac('sha256', apiKey).update(queryString, 'utf8').digest('base64');
}

/** Constant-time check of a received `api-auth-signature`. */
export function unleashedSignatureMatches(queryString: string, apiKey: string, signature: string): boolean {
  const expected = Buffer.from(signUnleashedQuery(queryString, apiKey));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** The query string of a request target (`/Products/1?pageSize=2` → `pageSize=2`), as sent. */
export function rawQueryString(target: string): string {
  const at = target.indexOf('?');
  return at === -1 ? '' : target.slice(at + 1);
}
