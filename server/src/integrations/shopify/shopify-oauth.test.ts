import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopifyRedirectHmac } from './fake-shopify-oauth';
import { installUrl, shopifyAppFrom, signShopifyQuery, verifyShopifyQuery, type ShopifyApp } from './shopify-oauth';

// Shopify's own documented example of a signed OAuth redirect (secret "hush").
const EXAMPLE = {
  code: '0907a61c0c8d55e99db179b68161bc00', hmac: '700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf',
  shop: 'some-shop.myshopify.com', state: '0.6784241404160823', timestamp: '1337178173',
};

const app: ShopifyApp = { clientId: 'app-id', clientSecret: 'hush', redirectUri: 'https://api.example.com/integrations/shopify/callback', apiBaseUrl: null };

describe('Shopify OAuth redirect signature', () => {
  it('accepts Shopify\'s documented example, in upper case too, and nothing altered', () => {
    expect(verifyShopifyQuery(EXAMPLE, 'hush')).toBe(true);
    expect(verifyShopifyQuery({ ...EXAMPLE, hmac: EXAMPLE.hmac.toUpperCase() }, 'hush')).toBe(true);
    expect(verifyShopifyQuery(EXAMPLE, 'not-hush')).toBe(false);
    expect(verifyShopifyQuery({ ...EXAMPLE, shop: 'evil-shop.myshopify.com' }, 'hush')).toBe(false);
    expect(verifyShopifyQuery({ ...EXAMPLE, extra: '1' }, 'hush')).toBe(false);
    const { hmac: _dropped, ...unsigned } = EXAMPLE;
    expect(verifyShopifyQuery(unsigned, 'hush')).toBe(false);
    expect(verifyShopifyQuery({ ...EXAMPLE, hmac: 'zz' }, 'hush')).toBe(false);
  });

  it('signs URL-safe parameters exactly as Shopify\'s recipe does, whatever their order', () => {
    const value = fc.stringMatching(/^[\w.-]{0,40}$/);
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), value), fc.string({ minLength: 1 }), (params, secret) => {
      const sig = signShopifyQuery(params, secret);
      expect(sig).toBe(shopifyRedirectHmac(params, secret));
      expect(verifyShopifyQuery({ ...params, hmac: sig }, secret)).toBe(true);
    }));
  });
});

describe('Shopify install URL and app', () => {
  it('sends the admin to the store\'s own authorize page with the read scopes and the state', () => {
    const url = new URL(installUrl(app, 'acme.myshopify.com', 'one-time'));
    expect(`${url.origin}${url.pathname}`).toBe('https://acme.myshopify.com/admin/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'app-id', scope: 'read_orders,read_inventory', redirect_uri: app.redirectUri, state: 'one-time' });
    expect(installUrl({ ...app, apiBaseUrl: 'http://127.0.0.1:9' }, 'acme.myshopify.com', 's')).toMatch(/^http:\/\/127\.0\.0\.1:9\/stores\/acme\.myshopify\.com\/admin\/oauth\/authorize\?/);
  });

  it('is off without the client id or without the client secret (SHOPIFY_WEBHOOK_SECRET)', () => {
    const shopify = { clientId: 'app-id', redirectUri: app.redirectUri, apiBaseUrl: null };
    const rest = { amazon: { clientId: null, clientSecret: null, tokenUrl: 'x' }, xero: { clientId: null, clientSecret: null, identityUrl: '', loginUrl: '', apiUrl: '', redirectUri: '' } };
    expect(shopifyAppFrom({ ...rest, shopifyWebhookSecret: 'hush', shopify })).toEqual({ ...app });
    expect(shopifyAppFrom({ ...rest, shopifyWebhookSecret: null, shopify })).toBeNull();
    expect(shopifyAppFrom({ ...rest, shopifyWebhookSecret: 'hush', shopify: { ...shopify, clientId: null } })).toBeNull();
  });
});
