import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signShopifyBody, verifyShopifySignature } from './shopify-webhook-signature';

const SECRET = 'hush-0123456789abcdef';

describe('Shopify webhook signature', () => {
  it('matches a signature computed independently (RFC 4231 test case 2 key and data)', () => {
    // HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146…3843, here in base64.
    expect(signShopifyBody('what do ya want for nothing?', 'Jefe')).toBe('W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=');
  });

  it('accepts the genuine signature of the raw bytes only', () => {
    const body = Buffer.from('{"id":1,"note":"café"}');
    const signature = signShopifyBody(body, SECRET);
    expect(verifyShopifySignature(body, signature, SECRET)).toBe(true);
    expect(verifyShopifySignature(Buffer.from('{"id": 1,"note":"café"}'), signature, SECRET)).toBe(false);
    expect(verifyShopifySignature(body, signature, 'another-secret-0123456789')).toBe(false);
  });

  it('refuses missing, empty-body, truncated and non-base64 signatures', () => {
    const body = Buffer.from('{}');
    const signature = signShopifyBody(body, SECRET);
    expect(verifyShopifySignature(body, undefined, SECRET)).toBe(false);
    expect(verifyShopifySignature(body, '', SECRET)).toBe(false);
    expect(verifyShopifySignature(Buffer.alloc(0), signShopifyBody('', SECRET), SECRET)).toBe(false);
    expect(verifyShopifySignature(body, signature.slice(0, 20), SECRET)).toBe(false);
    expect(verifyShopifySignature(body, `${signature}AAAA`, SECRET)).toBe(false);
    expect(verifyShopifySignature(body, `${signature.slice(0, -2)}!!`, SECRET)).toBe(false);
    // The hex digest is the right HMAC in the wrong encoding: Shopify sends base64.
    expect(verifyShopifySignature(body, Buffer.from(signature, 'base64').toString('hex'), SECRET)).toBe(false);
  });

  it('refuses every body it was not computed for', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), (a, b) => {
      const signature = signShopifyBody(Buffer.from(a), SECRET);
      expect(verifyShopifySignature(Buffer.from(b), signature, SECRET)).toBe(Buffer.from(a).equals(Buffer.from(b)));
    }));
  });
});
