import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { loadServerConfigFromProcess, type IntegrationsConfig } from '../config';
import type { Database } from '../db/schema';
import { AppError, notFound } from '../errors/app.error';
import { getSecret } from '../security/integration-secrets.service';
import type { SecretBox } from '../security/secret-box';
import { systemClock } from './amazon/amazon-clock';
import { createLwaTokens } from './amazon/amazon-lwa';
import { amazonSettings, refreshTokenSecretName } from './amazon/amazon-settings';
import { IntegrationError, type IntegrationFailure } from './integration-error';
import { recordRun } from './integration-runs.service';
import { findIntegration, type Integration } from './integrations.repo';
import { DEFAULT_RETRY_POLICY, systemTransport, type ShopifyTransport } from './shopify/shopify-http';
import { shopifyApiFor } from './shopify/shopify-stores.service';
import { checkUnleashedConnection, openUnleashedClient, type ClientTuning } from './unleashed/unleashed-connection.service';
import { xeroSettingsOf } from './xero/xero-integrations.repo';
import type { XeroRuntime } from './xero/xero-runtime';
import { xeroAccessToken } from './xero/xero-token.service';
import { createXeroClient } from './xero/xero.client';

// "Test connection" on the admin screen: one cheap authenticated call to the vendor with the
// stored credentials. A refusal is the answer, not an error, and the outcome is recorded as a
// run of the stream 'test' so it shows with the integration's last runs and errors.

export type ConnectionTestResult = { ok: true } | { ok: false; failure: IntegrationFailure; message: string };

/** What the probes need besides the database; tests point them at the fake servers. */
export interface ConnectionTestDeps {
  box: SecretBox;
  log: Logger;
  shopifyTransport?: ShopifyTransport;
  /** The app's Login with Amazon credentials (from this process's configuration unless given). */
  amazonApp?: () => IntegrationsConfig['amazon'];
  amazonFetch?: typeof fetch;
  unleashedTuning?: ClientTuning;
  xero: XeroRuntime | null;
}

// A person is waiting on the answer: a failing vendor is reported, not waited out for minutes.
const SHOPIFY_TEST_POLICY = { ...DEFAULT_RETRY_POLICY, serverErrorRetries: 1, rateLimitRetries: 1, maxWaitMs: 5_000 };

/** Tests one of the tenant's integrations; throws only when there is no such integration or the vendor's app is not set up here. */
export async function testIntegration(db: Kysely<Database>, deps: ConnectionTestDeps, tenantId: string, integrationId: string): Promise<ConnectionTestResult> {
  const integration = await findIntegration(db, integrationId);
  if (!integration || integration.tenant_id !== tenantId) throw notFound(`No integration ${integrationId}.`);
  const probe = probeFor(db, deps, integration);
  try {
    await recordRun(db, integration, 'test', async () => {
      await probe();
      return 0;
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof IntegrationError) return { ok: false, failure: error.failure, message: error.message };
    // Settings no one can use (Amazon's) are for a person to fix, like a refused credential.
    if (error instanceof Error && (error as { permanent?: unknown }).permanent === true) return { ok: false, failure: 'auth', message: error.message };
    throw error;
  }
}

function probeFor(db: Kysely<Database>, deps: ConnectionTestDeps, integration: Integration): () => Promise<void> {
  switch (integration.vendor) {
    case 'shopify': return () => testShopify(db, deps, integration);
    case 'amazon': return amazonProbe(db, deps, integration);
    case 'unleashed': return () => testUnleashed(db, deps, integration);
    case 'xero': return xeroProbe(db, deps, integration);
  }
}

/** The first page of one order: proves the domain and the token (and the app's order scope). */
async function testShopify(db: Kysely<Database>, deps: ConnectionTestDeps, integration: Integration): Promise<void> {
  const api = await shopifyApiFor(db, {
    secrets: () => deps.box, transport: deps.shopifyTransport ?? systemTransport, pageSize: 1, policy: SHOPIFY_TEST_POLICY,
  }, integration);
  const pages = api.ordersUpdatedSince(null);
  await pages.next();
  await pages.return(undefined);
}

/** A Login with Amazon token exchange, never from a cache, so a revoked refresh token shows. */
function amazonProbe(db: Kysely<Database>, deps: ConnectionTestDeps, integration: Integration): () => Promise<void> {
  const { clientId, clientSecret, tokenUrl } = (deps.amazonApp ?? (() => loadServerConfigFromProcess().integrations.amazon))();
  if (!clientId || !clientSecret) throw new AppError(ErrorCode.Conflict, 'Amazon is not set up on this server: it needs the Login with Amazon client id and secret.');
  return async () => {
    amazonSettings(integration);
    const refreshToken = await getSecret(db, deps.box, integration.tenant_id, refreshTokenSecretName(integration.id));
    if (!refreshToken) throw new IntegrationError('amazon', 'auth', `No refresh token is stored for ${integration.name}: connect it again.`);
    const tokens = createLwaTokens({ tokenUrl, clientId, clientSecret }, { clock: systemClock, fetch: deps.amazonFetch });
    await tokens.accessToken({ key: integration.id, refreshToken });
  };
}

/** One signed call for a single product (it counts against the monthly quota). */
async function testUnleashed(db: Kysely<Database>, deps: ConnectionTestDeps, integration: Integration): Promise<void> {
  const client = await openUnleashedClient(db, deps.box, integration, deps.log, { ...deps.unleashedTuning, attempts: 1 });
  await checkUnleashedConnection(client);
}

/** The grant's connections, with a token refresh first when the access token is due. */
function xeroProbe(db: Kysely<Database>, deps: ConnectionTestDeps, integration: Integration): () => Promise<void> {
  const rt = deps.xero;
  if (!rt) throw new AppError(ErrorCode.Conflict, 'Xero is not set up on this server: it needs XERO_CLIENT_ID and XERO_CLIENT_SECRET.');
  return async () => {
    const settings = xeroSettingsOf(integration);
    const grant = { tenantId: integration.tenant_id, grantId: settings.grantId };
    const client = createXeroClient({ rt, xeroTenantId: settings.xeroTenantId, log: deps.log, accessToken: (rejected) => xeroAccessToken(db, rt, grant, { rejected, log: deps.log }) });
    await client.get('/connections', {});
  };
}
