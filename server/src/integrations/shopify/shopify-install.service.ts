import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError, badRequest } from '../../errors/app.error';
import type { SecretBox } from '../../security/secret-box';
import { IntegrationError } from '../integration-error';
import type { Integration } from '../integrations.repo';
import { consumeOAuthState, deleteOldOAuthStates, insertOAuthState } from '../xero/oauth-states.repo';
import { connectShopifyAccount } from './shopify-admin.service';
import { exchangeShopifyCode, installUrl, SHOPIFY_SCOPES, shopOrigin, verifyShopifyQuery, type ShopifyApp } from './shopify-oauth';
import { SHOP_DOMAIN } from './shopify.schemas';

/** How long an admin has to approve the app in Shopify before the link dies. */
const STATE_TTL_MS = 10 * 60_000;

/** The configured app, or a CONFLICT the admin screen shows as is. */
export function requireShopifyApp(app: ShopifyApp | null): ShopifyApp {
  if (!app) throw new AppError(ErrorCode.Conflict, 'Shopify app not configured: the install needs SHOPIFY_CLIENT_ID and SHOPIFY_WEBHOOK_SECRET (the app\'s client secret).');
  return app;
}

// The one-time state is bound to the store it was issued for by hashing them together: a
// callback naming another store finds no state, so no column is needed for the shop.
function boundState(state: string, shop: string): string {
  return `${shop} ${state}`;
}

/** Step 1: the store's install URL for this admin, with a one-time state bound to them, their tenant and the store. */
export async function startShopifyInstall(
  db: Kysely<Database>, app: ShopifyApp, actor: { tenantId: string; userId: string }, shop: string, now = new Date(),
): Promise<{ url: string; expiresAt: string }> {
  const state = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
  await deleteOldOAuthStates(db, new Date(now.getTime() - 24 * 3_600_000));
  await insertOAuthState(db, { state: boundState(state, shop), tenantId: actor.tenantId, userId: actor.userId, vendor: 'shopify', expiresAt });
  return { url: installUrl(app, shop, state), expiresAt: expiresAt.toISOString() };
}

const AGAIN = 'start installing from CapLiquify again.';

/**
 * Step 2, Shopify's redirect: checks the signature, the store domain and the one-time state (spent
 * here), exchanges the code and connects the store through the same service as a custom app's
 * token, the token sealed. Any doubt is a 400 and nothing is connected.
 */
export async function finishShopifyInstall(
  db: Kysely<Database>, app: ShopifyApp, box: SecretBox, query: Record<string, string>, now = new Date(),
): Promise<Integration> {
  if (!verifyShopifyQuery(query, app.clientSecret)) throw badRequest(`This does not look like an answer from Shopify (bad signature): ${AGAIN}`);
  const shop = query.shop ?? '';
  if (!SHOP_DOMAIN.test(shop)) throw badRequest(`Shopify named no store domain like acme.myshopify.com: ${AGAIN}`);
  const owner = query.state ? await consumeOAuthState(db, boundState(query.state, shop), 'shopify', now) : null;
  if (!owner) throw badRequest(`This Shopify install link is unknown, for another store, already used or expired: ${AGAIN}`);
  if (!query.code) throw badRequest(`Shopify sent no authorization code: ${AGAIN}`);

  const answer = await asAppError(() => exchangeShopifyCode(app, shop, query.code!));
  const granted = new Set(answer.scope.split(',').map((s) => s.trim()));
  const missing = SHOPIFY_SCOPES.filter((s) => !granted.has(s));
  if (missing.length > 0) throw badRequest(`Shopify granted the app without ${missing.join(', ')}: ${AGAIN}`);

  const integration = await connectShopifyAccount(db, box, { tenantId: owner.tenantId, actorUserId: owner.userId }, {
    shopDomain: shop, accessToken: answer.access_token, api: 'graphql',
    // Only tests and the demo set a base: their stores live on the fake, not at https://<shop>.
    ...(app.apiBaseUrl ? { baseUrl: shopOrigin(app, shop) } : {}),
  });
  // putSecret audits the sealed token under the admin who started the install.
  return integration;
}

// A refused code is the admin's to retry, Shopify being down a 503, anything else internal.
async function asAppError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof IntegrationError)) throw error;
    if (error.failure === 'needs_reauth') throw badRequest(`Shopify refused the authorization code (used or expired): ${AGAIN}`);
    if (error.failure === 'unavailable') throw new AppError(ErrorCode.ServiceUnavailable, `${error.message} Try installing again in a minute.`);
    throw new AppError(ErrorCode.Internal, error.message);
  }
}
