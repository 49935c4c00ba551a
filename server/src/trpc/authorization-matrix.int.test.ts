import { randomUUID } from 'node:crypto';
import { actionPolicies, denialFor, type Role, type RoleGrant } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { insertPerson, insertSignIn } from '../../test/people';
import { enrollTestDevice, movementCommand, VERSION_HEADERS } from '../../test/sync';
import { buildApp } from '../app';
import type { RouteAccess } from '../http/route-access';
import { createAccessTokens, secretBytes } from '../auth/access-token';
import { setIntegrationStatus, upsertIntegration } from '../integrations/integrations.repo';
import { revokeDevice } from '../sync/devices.service';
import { appRouter } from './app-router';
import { procedureAccess, type ProcedureAccess } from './procedure-access';

// Every tRPC procedure and HTTP route × every kind of caller. A cell either must be refused
// (401 without a valid identity, 403 without the right), or may pass; and whatever passes for a
// caller of another tenant must neither show nor change anything of ours. A procedure or route
// added without an entry in the access tables, or without a sample input here, fails this file.

const ROLES: Role[] = ['viewer', 'operator', 'manager', 'admin'];
const OWN_TENANT = 'tnt_demo';
const OWN_SITE = 'site_a';
// Every cell is a request from one address: far more than a minute's per-IP budget in production.
const config = identityTestConfig({ SHOPIFY_WEBHOOK_SECRET: 'matrix-shopify-app-secret-0123456789', RATE_LIMIT_PER_MINUTE: '1000000', TENANT_RATE_LIMIT_PER_MINUTE: '1000000' });
const tokenSecret = (config.identity as { tokenSecret: string }).tokenSecret;

type Caller =
  | { kind: 'none' | 'expired' | 'unknown-key' | 'alg-none' | 'device' | 'revoked-device' }
  | { kind: 'person'; label: string; tenantId: string; grants: RoleGrant[]; mfa: boolean };

const callers: Caller[] = [
  { kind: 'none' }, { kind: 'expired' }, { kind: 'unknown-key' }, { kind: 'alg-none' }, { kind: 'device' }, { kind: 'revoked-device' },
  ...ROLES.flatMap((role): Caller[] => [
    { kind: 'person', label: `${role} of every site`, tenantId: OWN_TENANT, grants: [{ siteId: null, role }], mfa: true },
    { kind: 'person', label: `${role} of this site`, tenantId: OWN_TENANT, grants: [{ siteId: OWN_SITE, role }], mfa: true },
    { kind: 'person', label: `${role} of another site`, tenantId: OWN_TENANT, grants: [{ siteId: 'site_b', role }], mfa: true },
    { kind: 'person', label: `${role} of another tenant`, tenantId: 'tnt_other', grants: [{ siteId: null, role }], mfa: true },
  ]),
  { kind: 'person', label: 'admin without a second factor', tenantId: OWN_TENANT, grants: [{ siteId: null, role: 'admin' }], mfa: false },
];

const label = (caller: Caller) => (caller.kind === 'person' ? caller.label : caller.kind);

/**
 * What a caller must get from a procedure of this access: refused with a status, or allowed (any
 * answer but 401, 403 or a 5xx). Public procedures check their own secret (an enrolment code, a
 * password), so whatever the caller holds they may only answer without failing.
 */
function expected(access: ProcedureAccess, caller: Caller): 401 | 403 | 'allowed' | 'any' {
  if (access === 'public') return 'any';
  if (access === 'device') return caller.kind === 'device' ? 'allowed' : 401;
  if (caller.kind !== 'person') return 401;
  if (access === 'user') return 'allowed';
  const site = actionPolicies[access.action].scope === 'site' ? OWN_SITE : null;
  return denialFor(access.action, caller, site) ? 403 : 'allowed';
}

describe('authorization matrix', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let deviceCredential: string;
  let revokedCredential: string;
  const db = () => testDb.handle.db;
  const tokens = createAccessTokens(async () => secretBytes(tokenSecret, 'utf8'));
  const strangerTokens = createAccessTokens(async () => secretBytes('another-server-secret-0123456789abcdef', 'utf8'));

  /** Someone of our tenant each cell may act on, made fresh so no cell depends on another. */
  async function victim(): Promise<string> {
    return (await insertPerson(db(), { tenantId: OWN_TENANT, displayName: 'Victim', grants: [{ siteId: OWN_SITE, role: 'operator' }] })).userId;
  }

  /** A job of our tenant that failed for good (a harmless one to run again). */
  async function deadLetter(): Promise<string> {
    const id = `dl_matrix_${randomUUID()}`;
    await db().insertInto('dead_letters').values({ id, tenant_id: OWN_TENANT, job: 'compact-tombstones', input: JSON.stringify({ keepDays: 3_650 }), error: 'Victim job failed', attempts: 3 }).execute();
    return id;
  }

  /** A connected vendor account of our tenant. */
  async function integration(status: 'active' | 'paused'): Promise<string> {
    const { id } = await upsertIntegration(db(), { tenantId: OWN_TENANT, vendor: 'shopify', name: `victim-${randomUUID()}.myshopify.com`, settings: {} });
    await setIntegrationStatus(db(), id, status);
    return id;
  }

  /** An order of our tenant from a Shopify store, named so that a leak shows. */
  async function victimOrder(): Promise<void> {
    const integrationId = await integration('active');
    await db().insertInto('channel_orders').values({
      id: `cho_matrix_${randomUUID()}`, tenant_id: OWN_TENANT, integration_id: integrationId, channel: 'shopify', external_id: randomUUID(), number: 'Victim #1',
      status: 'paid/unfulfilled', currency: 'EUR', total_minor: 1_000, ordered_at: new Date(), external_updated_at: new Date(),
    }).execute();
  }

  /** An import of our tenant, named so that a leak shows. */
  async function victimImport(): Promise<string> {
    const id = `imp_matrix_${randomUUID()}`;
    await db().insertInto('imports').values({ id, tenant_id: OWN_TENANT, kind: 'items', mode: 'good_rows', file_name: 'Victim items.csv', status: 'done' }).execute();
    return id;
  }

  /** The latest forecast of our bolt at our site, for a leak to show. */
  async function victimForecast(): Promise<{ siteId: string; itemId: string }> {
    const runId = 'fcr_matrix_victim';
    await db().insertInto('forecast_runs').values({ id: runId, tenant_id: OWN_TENANT, first_week: '2026-03-02', horizon: 1, history_weeks: 1, status: 'succeeded', error: 'Victim run' })
      .onConflict((oc) => oc.doNothing()).execute();
    await db().insertInto('demand_forecasts').values({
      tenant_id: OWN_TENANT, site_id: OWN_SITE, item_id: 'itm_bolt', run_id: runId, generated_at: new Date(), demand_class: 'smooth',
      history: '[]', points: JSON.stringify([{ period: '2026-03-02', yhat: 1, lo95: 0, hi95: 2 }]), weights: '{"naive":1}', mase: null, smape: null, bias: null,
    }).onConflict((oc) => oc.doNothing()).execute();
    return { siteId: OWN_SITE, itemId: 'itm_bolt' };
  }

  /** A saved finance scenario of our tenant, named so that a leak shows. */
  async function victimScenario(): Promise<string> {
    const id = `fsc_matrix_${randomUUID()}`;
    await db().insertInto('finance_scenarios').values({ id, tenant_id: OWN_TENANT, name: `Victim plan ${id}`, scenario: JSON.stringify({ name: `Victim plan ${id}` }), created_by: null }).execute();
    return id;
  }

  /** A scheduled finance report of our tenant, mailed (this app has no SMTP: a run fails without writing anything), named so that a leak shows. */
  async function victimReportSchedule(): Promise<string> {
    const id = `frs_matrix_${randomUUID()}`;
    await db().insertInto('finance_report_schedules').values({
      id, tenant_id: OWN_TENANT, name: `Victim pack ${id}`, views: '["summary"]', formats: '["csv"]', cadence: 'daily', hour: 7, timezone: 'UTC',
      delivery: 'email', recipients: '["victim@example.com"]', next_run_at: new Date(Date.now() + 86_400_000),
    }).execute();
    return id;
  }

  /** A station of our tenant, enrolled fresh (its site id shows in a leak). */
  async function victimDevice(): Promise<string> {
    return (await enrollTestDevice(app, db())).deviceId;
  }

  /** A release of our tenant rolling out to its canary ring, after a complete one (so it can be rolled back). */
  async function victimRelease(): Promise<string> {
    const id = `rel_matrix_${randomUUID()}`;
    const base = { tenant_id: OWN_TENANT, channel: 'stable', notes: 'Victim release', published_by: null };
    await db().insertInto('releases').values({ ...base, id: `${id}_prev`, version: `1.0.0-m.${Date.now()}.${Math.floor(Math.random() * 1e6)}`, state: 'complete', stage: 'all', percent: 100 }).execute();
    await db().insertInto('releases').values({ ...base, id, version: `9.0.0-m.${Date.now()}.${Math.floor(Math.random() * 1e6)}` }).execute();
    return id;
  }

  /** A valid input for each procedure, naming our tenant's resources. */
  async function sampleInput(path: string): Promise<unknown> {
    const samples: Record<string, () => Promise<unknown>> = {
      'system.info': async () => undefined,
      'sync.enroll': async () => ({ code: 'ABCDEFGH', name: 'Matrix station' }),
      'sync.push': async () => ({ commands: [movementCommand(1, {})] }),
      'auth.signIn': async () => ({ email: 'nobody@example.com', password: 'wrong password' }),
      'auth.refresh': async () => ({ refreshToken: 'not-a-token' }),
      'auth.signOut': async () => undefined,
      'auth.me': async () => undefined,
      'auth.beginTotp': async () => undefined,
      'auth.confirmTotp': async () => ({ code: '000000' }),
      'users.list': async () => undefined,
      'users.create': async () => ({ email: `new-${randomUUID()}@example.com`, displayName: 'New', password: 'a long enough password', grant: { siteId: OWN_SITE, role: 'admin' } }),
      'users.grant': async () => ({ userId: await victim(), siteId: OWN_SITE, role: 'admin' }),
      'users.revoke': async () => ({ userId: await victim(), siteId: OWN_SITE }),
      'users.remove': async () => ({ userId: await victim() }),
      'privacy.exportPerson': async () => ({ userId: await victim() }),
      'privacy.erasePerson': async () => ({ userId: await victim() }),
      'unleashed.connect': async () => ({ name: 'Matrix Unleashed', apiId: 'matrix-id', apiKey: 'matrix-key' }),
      'unleashed.check': async () => ({ integrationId: 'int_not_there' }),
      'unleashed.usage': async () => ({ integrationId: 'int_not_there' }),
      'unleashed.syncNow': async () => ({ integrationId: 'int_not_there' }),
      'jobs.deadLetters': async () => ({ includeResolved: true }),
      'jobs.retry': async () => ({ deadLetterId: await deadLetter() }),
      'jobs.discard': async () => ({ deadLetterId: await deadLetter() }),
      'integrations.list': async () => undefined,
      'integrations.pause': async () => ({ integrationId: await integration('active') }),
      'integrations.resume': async () => ({ integrationId: await integration('paused') }),
      'integrations.test': async () => ({ integrationId: 'int_not_there' }),
      // Xero is not configured here: allowed callers get CONFLICT (not set up) or NOT_FOUND.
      'xero.authorizeUrl': async () => undefined,
      'xero.syncNow': async () => ({ integrationId: 'int_not_there' }),
      'amazon.connect': async () => ({ name: 'Matrix seller', refreshToken: 'Atzr|matrix', region: 'eu', marketplaceIds: ['A1PA6795UKMFR9'] }),
      'amazon.syncNow': async () => ({ integrationId: 'int_not_there' }),
      'shopify.connect': async () => ({ shopDomain: 'matrix.myshopify.com', accessToken: 'shpat_matrix' }),
      'shopify.installUrl': async () => ({ shopDomain: 'matrix.myshopify.com' }),
      'imports.get': async () => ({ importId: await victimImport() }),
      'imports.list': async () => undefined,
      'fleet.overview': async () => {
        await victimDevice();
        return {};
      },
      'fleet.devices': async () => ({ status: 'all' }),
      'fleet.diagnostics': async () => ({}),
      'fleet.setDeviceChannel': async () => ({ deviceId: await victimDevice(), channel: 'beta' }),
      'fleet.setDeviceRing': async () => ({ deviceId: await victimDevice(), canary: true }),
      'fleet.revokeDevice': async () => ({ deviceId: await victimDevice() }),
      'fleet.requestDiagnostics': async () => ({ deviceId: await victimDevice() }),
      'releases.list': async () => {
        await victimRelease();
        return {};
      },
      'releases.channels': async () => undefined,
      'releases.addChannel': async () => ({ name: `m${randomUUID().slice(0, 8)}` }),
      'releases.promote': async () => ({ releaseId: await victimRelease(), promotion: { ring: 'all' } }),
      'releases.pause': async () => ({ releaseId: await victimRelease() }),
      'releases.resume': async () => ({ releaseId: await victimRelease() }),
      'releases.rollback': async () => ({ releaseId: await victimRelease() }),
      'releases.copyToChannel': async () => ({ releaseId: await victimRelease(), channel: 'beta' }),
      'forecasting.demand': victimForecast,
      'forecasting.runs': async () => ({ siteId: (await victimForecast()).siteId }),
      'workingCapital.summary': async () => ({ endOn: '2026-03-31', periodDays: 90 }),
      'workingCapital.aging': async () => ({ ledger: 'AR', asOf: '2026-03-31' }),
      'workingCapital.drill': async () => ({ endOn: '2026-03-31', periodDays: 90, by: 'customer' }),
      'workingCapital.cashForecast': async () => ({ asOf: '2026-03-31', openingCashMinor: 0 }),
      'workingCapital.anomalies': async () => ({ asOf: '2026-03-31' }),
      'workingCapital.scenarios.list': async () => {
        await victimScenario();
        return undefined;
      },
      'workingCapital.scenarios.run': async () => ({ endOn: '2026-03-31', periodDays: 90, scenarioIds: [await victimScenario()] }),
      // Saving over our scenario by its id: another tenant's admin must find nothing to change.
      'workingCapital.scenarios.save': async () => ({ id: await victimScenario(), scenario: { name: `Matrix ${randomUUID()}` } }),
      'workingCapital.scenarios.delete': async () => ({ id: await victimScenario() }),
      'workingCapital.reportSchedules.list': async () => {
        await victimReportSchedule();
        return undefined;
      },
      // Changing our schedule by its id: another tenant's admin must find nothing to change.
      'workingCapital.reportSchedules.save': async () => ({
        id: await victimReportSchedule(),
        schedule: { name: `Matrix ${randomUUID()}`, views: ['summary'], formats: ['xlsx'], cadence: 'weekly', weekday: 1, hour: 6, delivery: { kind: 'folder', folder: 'matrix' } },
      }),
      'workingCapital.reportSchedules.remove': async () => ({ id: await victimReportSchedule() }),
      'workingCapital.reportSchedules.runNow': async () => ({ id: await victimReportSchedule() }),
      'orders.list': async () => {
        await victimOrder();
        return { channel: 'shopify', limit: 10 };
      },
    };
    const sample = samples[path];
    if (!sample) throw new Error(`No sample input for ${path}: add one to the authorization matrix.`);
    return sample();
  }

  async function authorization(caller: Caller): Promise<string | null> {
    const now = new Date();
    switch (caller.kind) {
      case 'none': return null;
      case 'device': return `Device ${deviceCredential}`;
      case 'revoked-device': return `Device ${revokedCredential}`;
      case 'person': {
        const person = await insertPerson(db(), { tenantId: caller.tenantId, grants: caller.grants });
        const signInId = await insertSignIn(db(), person, null, { mfa: caller.mfa });
        return `Bearer ${(await tokens.issue({ userId: person.userId, tenantId: caller.tenantId, signInId, mfa: caller.mfa }, now)).token}`;
      }
      default: {
        // A real admin of every site with a second factor, presented with a token that must not count.
        const admin = await insertPerson(db(), { tenantId: OWN_TENANT });
        const claims = { userId: admin.userId, tenantId: OWN_TENANT, signInId: await insertSignIn(db(), admin, null), mfa: true };
        if (caller.kind === 'expired') return `Bearer ${(await tokens.issue(claims, new Date(now.getTime() - 3_600_000))).token}`;
        if (caller.kind === 'unknown-key') return `Bearer ${(await strangerTokens.issue(claims, now)).token}`;
        const valid = (await tokens.issue(claims, now)).token.split('.');
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        return `Bearer ${header}.${valid[1]}.`;
      }
    }
  }

  /** Everything of our tenant a caller could read or change, to compare before and after. */
  async function ourState(): Promise<string> {
    const [users, grants, signIns, deadLetters, integrations, devices, releases, channels, scenarios, reportSchedules] = await Promise.all([
      db().selectFrom('users').select(['id', 'email', 'display_name', 'removed_at', 'erased_at', 'totp_enabled']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('role_grants').select(['user_id', 'site_id', 'role']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('sign_ins').select(['id', 'revoked_at']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('dead_letters').select(['id', 'resolution']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('integrations').select(['id', 'status']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('devices').select(['id', 'revoked_at', 'update_channel', 'canary', 'diagnostics_request_id']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('releases').select(['id', 'channel', 'state', 'stage', 'percent']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      db().selectFrom('release_channels').select('name').where('tenant_id', '=', OWN_TENANT).orderBy('name').execute(),
      db().selectFrom('finance_scenarios').select(['id', 'name', 'scenario']).where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
      // Settings only: a run our own admin asked for records its outcome whenever it finishes.
      db().selectFrom('finance_report_schedules').select(['id', 'name', 'views', 'formats', 'cadence', 'hour', 'delivery', 'folder', 'recipients', 'enabled', 'next_run_at'])
        .where('tenant_id', '=', OWN_TENANT).orderBy('id').execute(),
    ]);
    return JSON.stringify({ users, grants, signIns, deadLetters, integrations, devices, releases, channels, scenarios, reportSchedules });
  }

  async function call(path: string, input: unknown, authorizationHeader: string | null): Promise<{ status: number; body: string }> {
    const type = (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[path]!._def.type;
    const headers = { ...VERSION_HEADERS, ...(authorizationHeader ? { authorization: authorizationHeader } : {}) };
    const res = type === 'query'
      ? await app.inject({ url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, headers })
      : await app.inject({ method: 'POST', url: `/trpc/${path}`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(input ?? null) });
    return { status: res.statusCode, body: res.body };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'authz-matrix');
    await insertFixture(db());
    await db().insertInto('sites').values({ id: 'site_b', tenant_id: OWN_TENANT, code: 'PLANT-B', name: 'Plant B', kind: 'plant', timezone: 'UTC' }).execute();
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    deviceCredential = (await enrollTestDevice(app, db())).credential;
    const revoked = await enrollTestDevice(app, db());
    await revokeDevice(db(), revoked.deviceId);
    revokedCredential = revoked.credential;
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('has an access entry for every procedure the API serves', () => {
    expect(Object.keys(procedureAccess).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  it.each(Object.keys(procedureAccess))('%s: refuses every caller it must, and leaks nothing across tenants', async (path) => {
    const access = procedureAccess[path]!;
    const outcomes: string[] = [];
    for (const caller of callers) {
      const input = await sampleInput(path);
      const before = await ourState();
      const { status, body } = await call(path, input, await authorization(caller));
      const must = expected(access, caller);
      const wrong = must === 'any' ? status >= 500 : must === 'allowed' ? status === 401 || status === 403 || status >= 500 : status !== must;
      if (wrong) outcomes.push(`${label(caller)}: expected ${must}, got ${status} ${body.slice(0, 200)}`);
      if (caller.kind === 'person' && caller.tenantId !== OWN_TENANT && access !== 'public') {
        // A refusal may repeat the ids the caller sent; an answer must hold nothing of ours.
        const answered = status < 300;
        if (answered && (body.includes(OWN_TENANT) || body.includes(OWN_SITE) || body.includes('Victim'))) outcomes.push(`${label(caller)}: saw our tenant's data: ${body.slice(0, 200)}`);
        if (await ourState() !== before) outcomes.push(`${label(caller)}: changed our tenant's people, jobs or integrations (status ${status})`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('refuses every device route to anyone but an enrolled, unrevoked device', async () => {
    const deviceRoutes = [...app.registeredRoutes].filter(([, access]) => access === 'device').map(([key]) => key);
    expect(deviceRoutes.sort()).toEqual(['GET /events', 'POST /sync/diagnostics', 'POST /sync/pull']);
    const outcomes: string[] = [];
    for (const key of deviceRoutes) {
      const [method, url] = key.split(' ') as ['GET' | 'POST', string];
      for (const caller of callers.filter((c) => c.kind !== 'device')) {
        const auth = await authorization(caller);
        const res = await app.inject({ method, url, headers: { ...VERSION_HEADERS, 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, payload: method === 'POST' ? JSON.stringify({ cursors: {} }) : undefined });
        if (res.statusCode !== 401) outcomes.push(`${key} as ${label(caller)}: ${res.statusCode}`);
      }
    }
    const pulled = await app.inject({ method: 'POST', url: '/sync/pull', headers: { ...VERSION_HEADERS, 'content-type': 'application/json', authorization: `Device ${deviceCredential}` }, payload: JSON.stringify({ cursors: {} }) });
    expect(pulled.statusCode).toBe(200);
    expect(outcomes).toEqual([]);
  });

  it('refuses every webhook route to any caller without the vendor\'s signature, whatever else they hold', async () => {
    const webhookRoutes = [...app.registeredRoutes].filter(([, access]) => access === 'webhook').map(([key]) => key);
    expect(webhookRoutes.sort()).toEqual(['POST /webhooks/shopify']);
    const outcomes: string[] = [];
    for (const key of webhookRoutes) {
      const url = key.split(' ')[1] as string;
      for (const caller of callers) {
        const auth = await authorization(caller);
        const headers = { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': 'victim.myshopify.com', 'x-shopify-event-id': randomUUID(), ...(auth ? { authorization: auth } : {}) };
        const unsigned = await app.inject({ method: 'POST', url, headers, payload: '{"id":1}' });
        const forged = await app.inject({ method: 'POST', url, headers: { ...headers, 'x-shopify-hmac-sha256': Buffer.alloc(32).toString('base64') }, payload: '{"id":1}' });
        if (unsigned.statusCode !== 401 || forged.statusCode !== 401) outcomes.push(`${key} as ${label(caller)}: ${unsigned.statusCode}/${forged.statusCode}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('refuses every signed-in route to callers without a valid token (401) or the action (403), before reading the body', async () => {
    const actionRoutes = [...app.registeredRoutes].filter(([, access]) => typeof access === 'object');
    expect(actionRoutes.map(([key]) => key).sort()).toEqual(['GET /api/fleet/diagnostics/:id', 'POST /api/import/upload', 'POST /api/releases/upload']);
    const outcomes: string[] = [];
    for (const [key, access] of actionRoutes) {
      const [method, url] = key.split(' ') as ['GET' | 'POST', string];
      for (const caller of callers) {
        const auth = await authorization(caller);
        // An allowed caller gets past the check to this body's own refusal (400) or a missing bundle (404), never 401/403/5xx.
        const res = await app.inject({ method, url, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, payload: '{}' });
        const must = expected(access as ProcedureAccess, caller);
        const wrong = must === 'allowed' ? [401, 403].includes(res.statusCode) || res.statusCode >= 500 : res.statusCode !== must;
        if (wrong) outcomes.push(`${key} as ${label(caller)}: expected ${must}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('serves the update feed to anyone, but refuses a device credential that is not valid', async () => {
    const feedRoutes = [...app.registeredRoutes].filter(([, access]) => access === 'update-feed').map(([key]) => key);
    expect(feedRoutes).toEqual(['GET /updates/:channel/:file']);
    const outcomes: string[] = [];
    for (const caller of callers) {
      const auth = await authorization(caller);
      for (const url of ['/updates/latest/latest.yml', '/updates/latest/CapLiquify-Setup-1.0.0.exe']) {
        // No release is published here: an allowed check gets 404, a refused one 401.
        const res = await app.inject({ url, headers: auth ? { authorization: auth } : {} });
        const must = caller.kind === 'revoked-device' ? 401 : 404;
        if (res.statusCode !== must) outcomes.push(`${url} as ${label(caller)}: expected ${must}, got ${res.statusCode}`);
      }
    }
    const forged = await app.inject({ url: '/updates/latest/latest.yml', headers: { authorization: `Device ${deviceCredential.split('.')[0]}.forged` } });
    if (forged.statusCode !== 401) outcomes.push(`a forged device credential: ${forged.statusCode}`);
    expect(outcomes).toEqual([]);
  });

  it('knows who may call every route the server registers', () => {
    // A new kind of access needs its own cells here before a route may use it.
    const covered = (access: RouteAccess) => typeof access === 'object' || ['public', 'device', 'trpc', 'webhook', 'update-feed'].includes(access);
    const uncovered = [...app.registeredRoutes].filter(([, access]) => !covered(access));
    expect(uncovered).toEqual([]);
    const publicRoutes = [...app.registeredRoutes].filter(([, access]) => access === 'public').map(([key]) => key).sort();
    expect(publicRoutes).toEqual(['GET /healthz', 'GET /readyz']);
  });
});
