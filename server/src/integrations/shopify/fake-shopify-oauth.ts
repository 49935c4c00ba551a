import { createHmac, randomBytes } from 'node:crypto';
import type { FakeReply } from './fake-shopify-rest';
import type { FakeStoreState } from './fake-shopify.state';

// Shopify's OAuth install on the fake: `GET …/admin/oauth/authorize` stands for the merchant
// approving the app (it redirects straight back with a one-time code, signed as Shopify signs),
// `POST …/admin/oauth/access_token` trades the code, with the app's credentials, for the store's
// access token. The signature is computed here from Shopify's documented recipe, not with the
// adapter's code, so a mistake on either side shows.

export interface FakeOAuthApp { clientId: string; clientSecret: string }

export interface FakeOAuthState {
  /** The app installs are for; null refuses every authorize and token call. */
  app: FakeOAuthApp | null;
  /** What the merchant grants (comma-separated); by default the scopes asked for. */
  grantScope: string | null;
  codes: Map<string, { shop: string; scope: string; used: boolean }>;
  /** Token calls, in order: which store and how each ended. */
  tokenCalls: { shop: string; outcome: 'ok' | 'bad_client' | 'bad_code' }[];
}

export function createOAuthState(): FakeOAuthState {
  return { app: null, grantScope: null, codes: new Map(), tokenCalls: [] };
}

/** Shopify's recipe: every parameter but hmac, sorted by name, `name=value` joined with `&`, HMAC-SHA256 in hex. */
export function shopifyRedirectHmac(params: Record<string, string>, secret: string): string {
  const message = Object.keys(params).filter((k) => k !== 'hmac').sort().map((k) => `${k}=${params[k]}`).join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

export function handleAuthorize(oauth: FakeOAuthState, store: FakeStoreState, params: URLSearchParams, now: number): FakeReply {
  const redirectUri = params.get('redirect_uri');
  if (!oauth.app || params.get('client_id') !== oauth.app.clientId || !redirectUri) {
    return { status: 400, body: { errors: 'Oauth error invalid_request: The client_id or redirect_uri is not valid' } };
  }
  const code = randomBytes(16).toString('hex');
  const scope = oauth.grantScope ?? params.get('scope') ?? '';
  oauth.codes.set(code, { shop: store.shop, scope, used: false });
  const back: Record<string, string> = { code, shop: store.shop, state: params.get('state') ?? '', timestamp: String(Math.floor(now / 1000)) };
  const url = new URL(redirectUri);
  url.search = new URLSearchParams({ ...back, hmac: shopifyRedirectHmac(back, oauth.app.clientSecret) }).toString();
  return { status: 302, headers: { location: url.toString() }, body: '' };
}

export function handleAccessToken(oauth: FakeOAuthState, store: FakeStoreState, raw: string): FakeReply {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { status: 400, body: { error: 'invalid_request' } };
  }
  if (!oauth.app || body.client_id !== oauth.app.clientId || body.client_secret !== oauth.app.clientSecret) {
    oauth.tokenCalls.push({ shop: store.shop, outcome: 'bad_client' });
    return { status: 401, body: { error: 'invalid_client' } };
  }
  const grant = typeof body.code === 'string' ? oauth.codes.get(body.code) : undefined;
  if (!grant || grant.used || grant.shop !== store.shop) {
    oauth.tokenCalls.push({ shop: store.shop, outcome: 'bad_code' });
    return { status: 400, body: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' } };
  }
  grant.used = true;
  oauth.tokenCalls.push({ shop: store.shop, outcome: 'ok' });
  return { status: 200, body: { access_token: store.accessToken, scope: grant.scope } };
}
