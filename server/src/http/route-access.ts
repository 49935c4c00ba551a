import type { Action } from '@capliquify/shared';

/**
 * Who may call each HTTP route. Every route must be listed: the app refuses to register one that
 * is not (see route-access.plugin.ts), and the authorization-matrix test walks this table, so a
 * new route cannot ship without saying who it is for. tRPC procedures have their own table
 * (trpc/procedure-access.ts) behind the `trpc` entries.
 */
export type RouteAccess =
  | 'public' // health probes: no data behind them
  | 'device' // an enrolled, unrevoked device credential
  | 'trpc' // per procedure
  | 'webhook' // a vendor's signed delivery (HMAC of the raw body); refused unsigned
  | 'oauth-callback' // a vendor's OAuth redirect, honoured only with a one-time state we issued
  // electron-updater's feed: anyone may check (installers are not secret; the check reads the
  // installation's default tenant), but a `Device` credential, when sent, must be valid and then
  // decides which release that device sees
  | 'update-feed'
  | { action: Action }; // a signed-in person allowed to perform the action (Bearer token)

export const routeAccess: Readonly<Record<string, RouteAccess>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /events': 'device',
  'POST /sync/pull': 'device',
  'POST /sync/diagnostics': 'device',
  'GET /updates/:channel/:file': 'update-feed',
  // tRPC's adapter registers every method; it answers only GET (queries) and POST (mutations).
  '* /trpc/:path': 'trpc',
  'GET /integrations/xero/callback': 'oauth-callback',
  'GET /integrations/shopify/callback': 'oauth-callback',
  'POST /api/import/upload': { action: 'data.import' },
  'POST /api/releases/upload': { action: 'updates.publish' },
  'GET /api/fleet/diagnostics/:id': { action: 'devices.manage' },
  'POST /webhooks/shopify': 'webhook',
};

/** The table's key for a route; Fastify's automatic HEAD routes answer as their GET. */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

export function accessForRoute(method: string, url: string): RouteAccess | undefined {
  return routeAccess[routeKey(method, url)] ?? routeAccess[`* ${url}`];
}
