import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { startAmazonWorld } from './amazon/test/amazon-world';
import { testIntegration, type ConnectionTestDeps } from './integration-test.service';
import { findIntegration, type Integration } from './integrations.repo';
import { startFakeShopify, type FakeShopify } from './shopify/fake-shopify.server';
import { connectShopifyStore } from './shopify/shopify-stores.service';
import { NORTH, SOUTH, testClock } from './shopify/test/shopify-harness';
import { startFakeUnleashed, type FakeUnleashed } from './unleashed/fake-unleashed.server';
import { connectUnleashed } from './unleashed/unleashed-connection.service';
import { API_ID, API_KEY } from './unleashed/testing/unleashed-world';
import { startXeroWorld } from './xero/test/xero-world';

// "Test connection" against each vendor's fake on loopback, credentials opened from the real
// PostgreSQL: a good credential answers ok, a refused one answers why (never throws), and each
// outcome is a 'test' run with the integration's last error.

describe('testing an integration\'s connection (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let shopify: FakeShopify;
  let unleashed: FakeUnleashed;
  let amazon: Awaited<ReturnType<typeof startAmazonWorld>>;
  let xero: Awaited<ReturnType<typeof startXeroWorld>>;
  const db = () => testDb.handle.db;
  const clock = testClock();
  let deps: ConnectionTestDeps;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'integration-test');
    await insertFixture(db());
    shopify = await startFakeShopify({ clock, stores: [{ shop: NORTH }, { shop: SOUTH }] });
    unleashed = await startFakeUnleashed({ apiId: API_ID, apiKey: API_KEY, data: { Products: [] } });
    amazon = await startAmazonWorld(db());
    xero = await startXeroWorld(db());
    deps = {
      box: amazon.box, log: silentLogger(), shopifyTransport: clock.transport, xero: xero.rt,
      amazonApp: () => ({ clientId: amazon.fake.clientId, clientSecret: amazon.fake.clientSecret, tokenUrl: amazon.fake.tokenUrl }),
    };
  });
  afterAll(async () => {
    await shopify?.close();
    await unleashed?.close();
    await amazon?.fake.close();
    await xero?.close();
    await testDb?.cleanup();
  });

  async function testRuns(integration: Integration) {
    return db().selectFrom('integration_runs').select(['stream', 'status', 'error']).where('integration_id', '=', integration.id).orderBy('started_at').execute();
  }

  it('answers ok for a Shopify store whose token works, and auth once the token is revoked', async () => {
    const store = await connectShopifyStore(db(), deps.box, { tenantId: 'tnt_demo', shop: NORTH, accessToken: shopify.store(NORTH).accessToken, settings: { baseUrl: shopify.baseUrlFor(NORTH) } });
    const rest = await connectShopifyStore(db(), deps.box, { tenantId: 'tnt_demo', shop: SOUTH, accessToken: shopify.store(SOUTH).accessToken, settings: { baseUrl: shopify.baseUrlFor(SOUTH), api: 'rest' } });
    expect(await testIntegration(db(), deps, 'tnt_demo', store.id)).toEqual({ ok: true });
    expect(await testIntegration(db(), deps, 'tnt_demo', rest.id)).toEqual({ ok: true });

    shopify.store(NORTH).expireToken();
    const refused = await testIntegration(db(), deps, 'tnt_demo', store.id);
    expect(refused).toMatchObject({ ok: false, failure: 'auth' });
    expect(await testRuns(store)).toMatchObject([{ stream: 'test', status: 'succeeded', error: null }, { stream: 'test', status: 'failed' }]);
    expect((await findIntegration(db(), store.id))?.last_error).toBe(refused.ok ? null : refused.message);
  });

  it('answers ok for an Amazon seller whose refresh token exchanges, and auth once it is revoked', async () => {
    const { integration, refreshToken } = await amazon.connect('tnt_demo', 'Acme on amazon.de');
    expect(await testIntegration(db(), deps, 'tnt_demo', integration.id)).toEqual({ ok: true });
    amazon.fake.revokeRefreshToken(refreshToken);
    // Not answered from a cached access token: the exchange itself is what is tested.
    expect(await testIntegration(db(), deps, 'tnt_demo', integration.id)).toMatchObject({ ok: false, failure: 'auth' });
    expect(amazon.fake.stats().tokenExchanges).toBe(2);
    expect((await testRuns(integration)).map((r) => r.status)).toEqual(['succeeded', 'failed']);
  });

  it('answers ok for an Unleashed account whose key signs, and auth for a wrong key', async () => {
    const good = await connectUnleashed(db(), deps.box, { tenantId: 'tnt_demo' }, { name: 'Unleashed good', apiId: API_ID, apiKey: API_KEY, settings: { baseUrl: unleashed.url } });
    const wrong = await connectUnleashed(db(), deps.box, { tenantId: 'tnt_demo' }, { name: 'Unleashed revoked', apiId: API_ID, apiKey: 'a-key-no-longer-valid', settings: { baseUrl: unleashed.url } });
    expect(await testIntegration(db(), deps, 'tnt_demo', good.id)).toEqual({ ok: true });
    expect(await testIntegration(db(), deps, 'tnt_demo', wrong.id)).toMatchObject({ ok: false, failure: 'auth' });
    expect((await testRuns(wrong)).map((r) => [r.stream, r.status])).toEqual([['test', 'failed']]);
  });

  it('answers ok for a Xero organisation, and needs_reauth once the app was disconnected in Xero', async () => {
    xero.fake.addOrganisation('Demo Manufacturing Ltd');
    const [organisation] = await xero.connect('tnt_demo');
    expect(await testIntegration(db(), deps, 'tnt_demo', organisation!.id)).toEqual({ ok: true });
    xero.fake.revokeGrants();
    expect(await testIntegration(db(), deps, 'tnt_demo', organisation!.id)).toMatchObject({ ok: false, failure: 'needs_reauth' });
    expect((await findIntegration(db(), organisation!.id))?.status).toBe('needs_reauth');
  });

  it('tests only the tenant\'s own integrations', async () => {
    const theirs = await connectShopifyStore(db(), deps.box, { tenantId: 'tnt_other', shop: 'their-shop.myshopify.com', accessToken: 'shpat_theirs', settings: { baseUrl: shopify.baseUrlFor(NORTH) } });
    await expect(testIntegration(db(), deps, 'tnt_demo', theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await testRuns(theirs)).toEqual([]);
  });
});
