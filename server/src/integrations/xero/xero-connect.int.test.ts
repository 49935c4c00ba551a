import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { enrollTestDevice, mutate, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import { AppError } from '../../errors/app.error';
import { createInProcessRunner } from '../../jobs/in-process.runner';
import { readSealedSecret } from '../../security/integration-secrets.repo';
import { findIntegration, setIntegrationStatus } from '../integrations.repo';
import { xeroContact, xeroInvoice } from './test/xero-records';
import { startXeroWorld, XERO_REDIRECT_URI, xeroEnv, type XeroWorld } from './test/xero-world';
import { finishXeroConnect, startXeroConnect } from './xero-connect.service';
import { createXeroDeltaSyncJob } from './xero-delta-sync.job';
import { xeroSettingsOf } from './xero-integrations.repo';

describe('connecting Xero through the API, on PostgreSQL', () => {
  let testDb: TestDatabase;
  let world: XeroWorld;
  let app: FastifyInstance;
  let runner: ReturnType<typeof createInProcessRunner>;
  let adminAuth: Record<string, string>;
  let adminId: string;
  const db = () => testDb.handle.db;

  async function signedIn(options: { tenantId?: string; mfa?: boolean } = {}): Promise<{ headers: Record<string, string>; userId: string }> {
    const config = identityTestConfig();
    const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
    const person = await insertPerson(db(), { tenantId: options.tenantId ?? 'tnt_demo' });
    const mfa = options.mfa ?? true;
    const signInId = await insertSignIn(db(), person, null, { mfa });
    const { token } = await tokens.issue({ userId: person.userId, tenantId: person.tenantId, signInId, mfa }, new Date());
    return { headers: { ...VERSION_HEADERS, authorization: `Bearer ${token}` }, userId: person.userId };
  }
  /** The admin's browser: asks for the consent URL, lets the fake consent, and returns where Xero sends it back. */
  async function consent(auth = adminAuth): Promise<string> {
    const started = await mutate<{ url: string; expiresAt: string }>(app, 'xero.authorizeUrl', null, auth);
    expect(started.status).toBe(200);
    const location = (await fetch(started.data.url, { redirect: 'manual' })).headers.get('location')!;
    expect(location.startsWith(`${XERO_REDIRECT_URI}?`)).toBe(true);
    return `/integrations/xero/callback${new URL(location).search}`;
  }
  const xeroIntegrations = () => db().selectFrom('integrations').selectAll().where('vendor', '=', 'xero').where('tenant_id', '=', 'tnt_demo').orderBy('name').execute();

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'xero-connect');
    await insertFixture(db());
    world = await startXeroWorld(db());
    world.fake.addOrganisation('Demo Manufacturing Ltd');
    world.fake.addOrganisation('Demo Holdings');
    app = await buildApp(identityTestConfig(xeroEnv(world.fake)), {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
      jobs: { runner: (deps) => (runner = createInProcessRunner({ ...deps, jobs: [createXeroDeltaSyncJob(() => app.xero)] })) },
    });
    ({ headers: adminAuth, userId: adminId } = await signedIn());
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
    await testDb?.cleanup();
  });

  it('sends the admin to Xero with a one-time state, and connects every organisation they chose, tokens sealed', async () => {
    const started = await mutate<{ url: string; expiresAt: string }>(app, 'xero.authorizeUrl', null, adminAuth);
    const url = new URL(started.data.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${world.fake.url}/identity/connect/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code', client_id: 'xero-test-client-id', redirect_uri: XERO_REDIRECT_URI, state: expect.stringMatching(/^[\w-]{43}$/),
      scope: 'offline_access accounting.invoices.read accounting.payments.read accounting.contacts.read',
    });

    const callback = await consent();
    const res = await app.inject({ url: callback });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('Xero connected: Demo Manufacturing Ltd, Demo Holdings.');
    const connected = await xeroIntegrations();
    expect(connected.map((i) => [i.name, i.status])).toEqual([['Demo Holdings', 'active'], ['Demo Manufacturing Ltd', 'active']]);
    const grantIds = new Set(connected.map((i) => xeroSettingsOf(i).grantId));
    expect(grantIds.size).toBe(1);
    const [grantId] = [...grantIds];
    expect(new Set(connected.map((i) => xeroSettingsOf(i).xeroTenantId))).toEqual(new Set(world.fake.orgs.keys()));
    expect(await readSealedSecret(db(), 'tnt_demo', `${grantId}:refresh_token`)).toMatchObject({ keyId: 'test' });
    expect(world.fake.stats.tokenCalls.map((c) => [c.grantType, c.outcome])).toEqual([['authorization_code', 'ok']]);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id', 'subject']).where('action', '=', 'integration.connected').execute();
    expect(audit).toEqual([{ action: 'integration.connected', actor_user_id: adminId, subject: `grant:${grantId}` }]);

    // The same redirect again (a reload, or someone replaying it) connects nothing.
    const replay = await app.inject({ url: callback });
    expect(replay.statusCode).toBe(400);
    expect(replay.headers['content-type']).toContain('application/problem+json');
    expect(replay.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('already used or expired') });
  });

  it('refuses a callback without a state we issued, whoever calls it, and a consent the admin declined', async () => {
    const before = (await xeroIntegrations()).length;
    const device = await enrollTestDevice(app, db());
    for (const authorization of [undefined, adminAuth.authorization, `Device ${device.credential}`]) {
      for (const query of ['', '?code=abc', '?code=abc&state=forged-state-value', '?state[]=x&code=abc']) {
        const res = await app.inject({ url: `/integrations/xero/callback${query}`, headers: authorization ? { authorization } : {} });
        expect([query, res.statusCode]).toEqual([query, 400]);
      }
    }
    world.fake.consent = { deny: true };
    const declined = new URL(await consent(), 'http://x');
    world.fake.consent = {};
    expect(declined.searchParams.get('error')).toBe('access_denied');
    const res = await app.inject({ url: `${declined.pathname}${declined.search}` });
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('access_denied') });
    expect((await xeroIntegrations()).length).toBe(before);
  });

  it('queues a delta sync on “sync now”, which the runner carries out', async () => {
    const [holdings] = await xeroIntegrations();
    const contact = xeroContact();
    world.fake.put(xeroSettingsOf(holdings!).xeroTenantId, 'Contacts', contact);
    world.fake.put(xeroSettingsOf(holdings!).xeroTenantId, 'Invoices', xeroInvoice(contact, { InvoiceNumber: 'INV-NOW-1' }));
    const queued = await mutate<{ jobId: string }>(app, 'xero.syncNow', { integrationId: holdings!.id }, adminAuth);
    expect(queued.status).toBe(200);
    expect(queued.data.jobId).toEqual(expect.any(String));
    await runner.idle();
    expect(await db().selectFrom('invoices').select('number').where('number', '=', 'INV-NOW-1').execute()).toEqual([{ number: 'INV-NOW-1' }]);
    const other = await signedIn({ tenantId: 'tnt_other' });
    expect((await mutate(app, 'xero.syncNow', { integrationId: holdings!.id }, other.headers)).status).toBe(404);
  });

  it('reconnects organisations that need it: same integrations, active again, the dead grant forgotten', async () => {
    const before = await xeroIntegrations();
    const oldGrant = xeroSettingsOf(before[0]!).grantId;
    for (const one of before) await setIntegrationStatus(db(), one.id, 'needs_reauth');
    expect((await mutate(app, 'xero.syncNow', { integrationId: before[0]!.id }, adminAuth)).error).toMatchObject({ data: { code: 'CONFLICT' } });
    expect((await app.inject({ url: await consent() })).statusCode).toBe(200);
    const after = await xeroIntegrations();
    expect(after.map((i) => [i.id, i.status])).toEqual(before.map((i) => [i.id, 'active']));
    expect(new Set(after.map((i) => xeroSettingsOf(i).grantId))).not.toContain(oldGrant);
    expect(await readSealedSecret(db(), 'tnt_demo', `${oldGrant}:refresh_token`)).toBeNull();
  });

  it('without a second factor an admin may not start connecting', async () => {
    const { headers } = await signedIn({ mfa: false });
    expect((await mutate(app, 'xero.authorizeUrl', null, headers)).status).toBe(403);
  });

  it('lets a consent link die after 10 minutes', async () => {
    const { url } = await startXeroConnect(db(), world.rt, { tenantId: 'tnt_demo', userId: adminId });
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    world.clock.advance(11 * 60_000);
    const late = await finishXeroConnect(db(), world.rt, { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! }).then(() => null, (e: unknown) => e);
    expect(late).toBeInstanceOf(AppError);
    expect(late).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await findIntegration(db(), (await xeroIntegrations())[0]!.id))?.status).toBe('active');
  });
});

describe('Xero not configured', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'xero-off');
    await insertFixture(testDb.handle.db);
    app = await buildApp(identityTestConfig(), { database: testDb.handle, logger: silentLogger() });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it('registers no callback route and says so to an admin who tries to connect', async () => {
    expect([...app.registeredRoutes.keys()]).not.toContain('GET /integrations/xero/callback');
    expect((await app.inject({ url: '/integrations/xero/callback?code=a&state=b' })).statusCode).toBe(404);
    const config = identityTestConfig();
    const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
    const person = await insertPerson(testDb.handle.db);
    const signInId = await insertSignIn(testDb.handle.db, person, null);
    const { token } = await tokens.issue({ userId: person.userId, tenantId: 'tnt_demo', signInId, mfa: true }, new Date());
    const res = await mutate(app, 'xero.authorizeUrl', null, { ...VERSION_HEADERS, authorization: `Bearer ${token}` });
    expect(res.status).toBe(409);
    expect(res.error).toMatchObject({ message: expect.stringContaining('XERO_CLIENT_ID'), data: { code: 'CONFLICT' } });
  });
});
