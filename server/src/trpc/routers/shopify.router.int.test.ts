import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { mutate, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import { findIntegration } from '../../integrations/integrations.repo';
import { startFakeShopify, type FakeShopify } from '../../integrations/shopify/fake-shopify.server';
import { loadSecretBox } from '../../security/load-secret-box';

// shopify.connect and integrations.test over HTTP, as the Admin screen calls them: the token is
// sealed and never answered, the API address never comes from the caller, and a test against the
// fake Shopify (where the demo points a store) answers ok, or auth once the token is revoked.
describe('shopify.connect and integrations.test', () => {
  const config = identityTestConfig();
  const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
  const SHOP = 'router-bikes.myshopify.com';
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let fake: FakeShopify;
  const db = () => testDb.handle.db;

  async function bearer(tenantId: string, mfa = true): Promise<Record<string, string>> {
    const person = await insertPerson(db(), { tenantId });
    const signInId = await insertSignIn(db(), person, null, { mfa });
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'shopify-router');
    await insertFixture(db());
    fake = await startFakeShopify({ stores: [{ shop: SHOP }] });
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await testDb?.cleanup();
  });

  it('connects a store with its token sealed, ignoring any API address the caller sends', async () => {
    const admin = await bearer('tnt_demo');
    const accessToken = fake.store(SHOP).accessToken;
    const connected = await mutate<{ integrationId: string; name: string; status: string; settings: Record<string, unknown> }>(app, 'shopify.connect', {
      shopDomain: ' Router-Bikes.myshopify.com', accessToken, baseUrl: 'https://attacker.example',
    }, admin);
    expect(connected.status).toBe(200);
    expect(connected.data).toMatchObject({ name: SHOP, status: 'active', settings: { api: 'graphql' } });
    expect(connected.data.settings.baseUrl).toBeUndefined();
    expect(JSON.stringify(connected.data)).not.toContain(accessToken);
    const secret = await db().selectFrom('integration_secrets').select('sealed').where('name', '=', `${connected.data.integrationId}:access-token`).executeTakeFirstOrThrow();
    expect(secret.sealed).not.toContain(accessToken);
    expect(loadSecretBox(config).open(secret.sealed)).toBe(accessToken);
  });

  it('refuses a domain that is not a myshopify.com store, and callers without a second factor', async () => {
    const admin = await bearer('tnt_demo');
    for (const shopDomain of ['evil.example.com', 'shop.myshopify.com.evil.io', 'https://x.myshopify.com']) {
      expect((await mutate(app, 'shopify.connect', { shopDomain, accessToken: 'shpat_x' }, admin)).status).toBe(400);
    }
    expect((await mutate(app, 'shopify.connect', { shopDomain: 'x.myshopify.com', accessToken: 'shpat_x' }, await bearer('tnt_demo', false))).status).toBe(403);
    expect(await db().selectFrom('integrations').select('name').where('name', 'in', ['evil.example.com', 'x.myshopify.com']).execute()).toEqual([]);
  });

  it('tests the connection: ok with a working token, auth once revoked, ok again after connecting with a new one', async () => {
    const admin = await bearer('tnt_demo');
    const { data } = await mutate<{ integrationId: string }>(app, 'shopify.connect', { shopDomain: SHOP, accessToken: fake.store(SHOP).accessToken }, admin);
    const { integrationId } = data;
    // As the demo does: the same store, served by the fake on loopback.
    const store = await findIntegration(db(), integrationId);
    await db().updateTable('integrations').set({ settings: JSON.stringify({ ...store!.settings, baseUrl: fake.baseUrlFor(SHOP) }) }).where('id', '=', integrationId).execute();

    expect((await mutate(app, 'integrations.test', { integrationId }, admin)).data).toEqual({ ok: true });
    const newToken = fake.store(SHOP).expireToken();
    const refused = await mutate<{ ok: boolean; failure: string; message: string }>(app, 'integrations.test', { integrationId }, admin);
    expect(refused.status).toBe(200);
    expect(refused.data).toMatchObject({ ok: false, failure: 'auth' });

    // Saving the store again with the new token keeps where it is served from.
    expect((await mutate(app, 'shopify.connect', { shopDomain: SHOP, accessToken: newToken }, admin)).status).toBe(200);
    expect((await mutate(app, 'integrations.test', { integrationId }, admin)).data).toEqual({ ok: true });
    const runs = await db().selectFrom('integration_runs').select(['stream', 'status']).where('integration_id', '=', integrationId).orderBy('started_at').execute();
    expect(runs).toEqual([{ stream: 'test', status: 'succeeded' }, { stream: 'test', status: 'failed' }, { stream: 'test', status: 'succeeded' }]);
  });

  it('tests only integrations of the caller\'s tenant', async () => {
    const theirs = await mutate<{ integrationId: string }>(app, 'shopify.connect', { shopDomain: 'theirs.myshopify.com', accessToken: 'shpat_theirs' }, await bearer('tnt_other'));
    expect((await mutate(app, 'integrations.test', { integrationId: theirs.data.integrationId }, await bearer('tnt_demo'))).status).toBe(404);
  });
});
