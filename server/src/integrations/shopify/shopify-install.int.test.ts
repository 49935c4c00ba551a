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
import { getSecret } from '../../security/integration-secrets.service';
import { testIntegration } from '../integration-test.service';
import { shopifyRedirectHmac } from './fake-shopify-oauth';
import { startFakeShopify, type FakeShopify } from './fake-shopify.server';
import { accessTokenSecretName } from './shopify-stores.service';
import { NORTH, SOUTH, WEBHOOK_SECRET } from './test/shopify-harness';

// Shopify's OAuth install end to end: the admin asks for the install URL over tRPC, the "merchant"
// approves on the fake (which redirects back with a signed code), and the callback runs through
// app.inject against real PostgreSQL, exchanging the code with the fake over loopback HTTP.

const CLIENT_ID = 'shopify-test-client-id';
const REDIRECT_URI = 'http://localhost:4000/integrations/shopify/callback';

describe('installing a Shopify store through OAuth, on PostgreSQL', () => {
  let testDb: TestDatabase;
  let fake: FakeShopify;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  const db = () => testDb.handle.db;
  const config = () => identityTestConfig({
    SHOPIFY_CLIENT_ID: CLIENT_ID, SHOPIFY_WEBHOOK_SECRET: WEBHOOK_SECRET, SHOPIFY_REDIRECT_URI: REDIRECT_URI, SHOPIFY_API_BASE_URL: fake.url,
  });

  async function signedIn(options: { tenantId?: string; mfa?: boolean } = {}): Promise<Record<string, string>> {
    const tokens = createAccessTokens(async () => secretBytes((config().identity as { tokenSecret: string }).tokenSecret, 'utf8'));
    const person = await insertPerson(db(), { tenantId: options.tenantId ?? 'tnt_demo' });
    const mfa = options.mfa ?? true;
    const signInId = await insertSignIn(db(), person, null, { mfa });
    const { token } = await tokens.issue({ userId: person.userId, tenantId: person.tenantId, signInId, mfa }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }
  /** The admin's browser: the install URL, the merchant's approval on the fake, and the query Shopify sends back. */
  async function approve(shop = NORTH, auth = admin): Promise<Record<string, string>> {
    const started = await mutate<{ url: string }>(app, 'shopify.installUrl', { shopDomain: shop }, auth);
    expect(started.status).toBe(200);
    const location = (await fetch(started.data.url, { redirect: 'manual' })).headers.get('location')!;
    expect(location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    return Object.fromEntries(new URL(location).searchParams);
  }
  const callback = (query: Record<string, string>) => app.inject({ url: `/integrations/shopify/callback?${new URLSearchParams(query).toString()}` });
  /** What a genuine Shopify would have signed (the test knows the app secret). */
  const signed = (query: Record<string, string>) => {
    const { hmac: _old, ...rest } = query;
    return { ...rest, hmac: shopifyRedirectHmac(rest, WEBHOOK_SECRET) };
  };
  const stores = () => db().selectFrom('integrations').select(['id', 'tenant_id', 'name', 'status', 'settings']).where('vendor', '=', 'shopify').orderBy('name').execute();

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'shopify-install');
    await insertFixture(db());
    fake = await startFakeShopify({ stores: [{ shop: NORTH }, { shop: SOUTH }] });
    fake.installApp({ clientId: CLIENT_ID, clientSecret: WEBHOOK_SECRET });
    app = await buildApp(config(), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    admin = await signedIn();
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await testDb?.cleanup();
  });

  it('sends the admin to the store with a one-time state, and connects it with the token sealed', async () => {
    const started = await mutate<{ url: string; expiresAt: string }>(app, 'shopify.installUrl', { shopDomain: ` ${NORTH.toUpperCase()} ` }, admin);
    const url = new URL(started.data.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.baseUrlFor(NORTH)}/admin/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID, scope: 'read_orders,read_inventory', redirect_uri: REDIRECT_URI, state: expect.stringMatching(/^[\w-]{43}$/),
    });

    const back = await approve();
    const res = await callback(back);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Shopify connected: ${NORTH}.`);
    const [store] = await stores();
    expect(store).toMatchObject({ tenant_id: 'tnt_demo', name: NORTH, status: 'active', settings: { baseUrl: fake.baseUrlFor(NORTH), api: 'graphql' } });
    expect(fake.oauth.tokenCalls).toEqual([{ shop: NORTH, outcome: 'ok' }]);

    // Sealed: the row holds no trace of the token, which opens with the server's box and works.
    const token = fake.store(NORTH).accessToken;
    const row = await db().selectFrom('integration_secrets').selectAll().where('name', '=', accessTokenSecretName(store!.id)).executeTakeFirstOrThrow();
    expect(row.sealed).not.toContain(token);
    expect(row.key_id).toBe('test');
    expect(await getSecret(db(), app.authServices.secretBox(), 'tnt_demo', accessTokenSecretName(store!.id))).toBe(token);
    expect(await testIntegration(db(), { box: app.authServices.secretBox(), log: silentLogger(), xero: null }, 'tnt_demo', store!.id)).toEqual({ ok: true });

    // The same redirect again (a reload, or a replay) connects nothing and spends no code.
    const replay = await callback(back);
    expect(replay.statusCode).toBe(400);
    expect(replay.headers['content-type']).toContain('application/problem+json');
    expect(replay.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('already used or expired') });
    expect(fake.oauth.tokenCalls).toHaveLength(1);
  });

  it('refuses a forged signature, an unknown state, another store than the state\'s and a foreign domain: 400, nothing connected', async () => {
    const before = await stores();
    const back = await approve(SOUTH);
    const tries: [string, Record<string, string>][] = [
      ['forged hmac', { ...back, hmac: 'a'.repeat(64) }],
      ['no hmac', Object.fromEntries(Object.entries(back).filter(([k]) => k !== 'hmac'))],
      ['altered code, old hmac', { ...back, code: 'f'.repeat(32) }],
      ['unknown state', signed({ ...back, state: 'forged-state-value' })],
      ['no state', signed(Object.fromEntries(Object.entries(back).filter(([k]) => k !== 'state')))],
      ['the state of another store', signed({ ...back, shop: NORTH })],
      ['foreign domain', signed({ ...back, shop: 'evil.example.com' })],
      ['lookalike domain', signed({ ...back, shop: `${SOUTH}.evil.example.com` })],
    ];
    for (const [what, query] of tries) {
      const res = await callback(query);
      expect([what, res.statusCode, res.json().code]).toEqual([what, 400, 'BAD_REQUEST']);
    }
    const repeated = await app.inject({ url: `/integrations/shopify/callback?${new URLSearchParams(back).toString()}&shop=${SOUTH}` });
    expect(repeated.statusCode).toBe(400);
    expect(await stores()).toEqual(before);
    expect(fake.oauth.tokenCalls).toHaveLength(1);

    // The genuine answer still connects its own store.
    expect((await callback(back)).statusCode).toBe(200);
    expect((await stores()).map((s) => s.name)).toEqual([NORTH, SOUTH]);
  });

  it('refuses a store approved without the read scopes, and a code Shopify refuses', async () => {
    const before = await stores();
    fake.oauth.grantScope = 'read_orders';
    const narrow = await approve();
    fake.oauth.grantScope = null;
    expect((await callback(narrow)).json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('without read_inventory') });

    const back = await approve();
    fake.oauth.codes.get(back.code!)!.used = true;
    expect((await callback(back)).json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('refused the authorization code') });
    expect(await stores()).toEqual(before);
  });

  it('lets only an admin with a second factor ask for an install URL', async () => {
    expect((await mutate(app, 'shopify.installUrl', { shopDomain: NORTH }, await signedIn({ mfa: false }))).status).toBe(403);
    expect((await mutate(app, 'shopify.installUrl', { shopDomain: 'https://evil.example.com' }, admin)).status).toBe(400);
  });

  it('without SHOPIFY_CLIENT_ID: no callback route, and the install URL is a CONFLICT', async () => {
    const bare = await buildApp(identityTestConfig({ SHOPIFY_WEBHOOK_SECRET: WEBHOOK_SECRET }), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    try {
      expect((await bare.inject({ url: '/integrations/shopify/callback' })).statusCode).toBe(404);
      const refused = await mutate(bare, 'shopify.installUrl', { shopDomain: NORTH }, admin);
      expect(refused.error).toMatchObject({ message: expect.stringContaining('Shopify app not configured'), data: { code: 'CONFLICT' } });
    } finally {
      await bare.close();
    }
  });
});
