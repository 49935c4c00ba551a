import { createHmac, timingSafeEqual } from 'node:crypto';

/** What Shopify puts in `X-Shopify-Hmac-Sha256`: base64 of HMAC-SHA256 over the raw body bytes, keyed with the app's secret. */
export function signShopifyBody(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * True when `signature` is Shopify's for exactly these bytes. Compared in constant time on
 * equal-length buffers (a wrong-length or non-base64 header is refused before the comparison);
 * an empty body is never genuine.
 */
export function verifyShopifySignature(body: Buffer, signature: string | undefined, secret: string): boolean {
  if (body.length === 0 || !signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
