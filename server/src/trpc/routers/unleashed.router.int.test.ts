import { ErrorCode } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import { findIntegration, setIntegrationStatus } from '../../integrations/integrations.repo';
import { startFakeUnleashed, type FakeUnleashed } from '../../integrations/unleashed/fake-unleashed.server';
import { unleashedAccountFixture } from '../../integrations/unleashed/fixtures/unleashed-account.fixture';
import type { ConnectionCheck, QuotaUsage } from '../../integrations/unleashed/unleashed-admin.service';
import { quotaPeriod } from '../../integrations/unleashed/unleashed-quota.rules';
import { UNLEASHED_API_URL } from '../../integrations/unleashed/unleashed-settings';
import { createUnleashedSyncJob } from '../../integrations/unleashed/unleashed-sync.job';
import { createInProcessRunner } from '../../jobs/in-process.runner';
import { loadSecretBox } from '../../security/load-secret-box';

const API_ID = 'router-api-id';
const API_KEY = 'router-api-key-0123456789';

// unleashed.connect, check, usage and syncNow over HTTP, the sync run by this app's in-process
// runner against the fake Unleashed (as the demo points an account at it).
describe('unleashed procedures', () => {
  const config = identityTestConfig();
  const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let fake: FakeUnleashed;
  let runner: ReturnType<typeof createInProcessRunner>;
  const db = () => testDb.handle.db;

  async function bearer(tenantId: string, role: 'admin' | 'manager' = 'admin'): Promise<Record<string, string>> {
    const person = await insertPerson(db(), { tenantId, grants: [{ siteId: null, role }] });
    const signInId = await insertSignIn(db(), person, null, { mfa: true });
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: true }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }

  async function connect(admin: Record<string, string>, input: Record<string, unknown>) {
    return mutate<{ integrationId: string; status: string; settings: Record<string, unknown> }>(app, 'unleashed.connect', { name: 'Unleashed', apiId: API_ID, apiKey: API_KEY, ...input }, admin);
  }

  async function pointAtFake(integrationId: string): Promise<void> {
    const integration = await findIntegration(db(), integrationId);
    await db().updateTable('integrations').set({ settings: JSON.stringify({ ...integration!.settings, baseUrl: fake.url }) }).where('id', '=', integrationId).execute();
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'unleashed-router');
    await insertFixture(db());
    fake = await startFakeUnleashed({ apiId: API_ID, apiKey: API_KEY, data: unleashedAccountFixture() });
    const box = loadSecretBox(config);
    const jobs = [createUnleashedSyncJob(() => ({ box: () => box, tuning: { attempts: 2, baseDelayMs: 1 } }))];
    app = await buildApp(config, {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
      jobs: { runner: (deps) => (runner = createInProcessRunner({ ...deps, jobs })) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await testDb?.cleanup();
  });

  it('connects an account with its key sealed and never answered, tests it, syncs it on request and counts its calls', async () => {
    const admin = await bearer('tnt_demo');
    const connected = await connect(admin, { monthlyQuota: 500, siteId: 'site_a', warehouseSites: { MAIN: 'site_a' } });
    expect(connected.status).toBe(200);
    expect(connected.data).toMatchObject({ status: 'active', settings: { baseUrl: UNLEASHED_API_URL, monthlyQuota: 500, siteId: 'site_a' } });
    expect(JSON.stringify(connected.data)).not.toContain(API_KEY);
    const { integrationId } = connected.data;
    await pointAtFake(integrationId);

    const checked = await mutate<ConnectionCheck>(app, 'unleashed.check', { integrationId }, admin);
    expect(checked.data).toEqual({ ok: true, products: 5 });

    const queued = await mutate<{ jobId: string }>(app, 'unleashed.syncNow', { integrationId }, admin);
    expect(queued.status).toBe(200);
    await runner.idle();
    const runs = await db().selectFrom('integration_runs').select(['stream', 'status']).where('integration_id', '=', integrationId).execute();
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(7);
    expect(await db().selectFrom('items').select('sku').where('tenant_id', '=', 'tnt_demo').where('sku', '=', 'BIKE-20').execute()).toHaveLength(1);

    const usage = await query<QuotaUsage>(app, 'unleashed.usage', { integrationId }, admin);
    expect(usage.data).toMatchObject({ period: quotaPeriod(new Date()), calls: 8, quota: 500, vendorRefused: false, warning: null });

    // Saving it again (new key, same name) keeps the address it is connected to.
    const again = await connect(admin, { monthlyQuota: 600 });
    expect(again.data).toMatchObject({ integrationId, settings: { baseUrl: fake.url, monthlyQuota: 600 } });
  });

  it('answers a refused key as a failed check, not an error', async () => {
    const admin = await bearer('tnt_demo');
    const { data } = await connect(admin, { name: 'Wrong key', apiKey: 'not-the-key' });
    await pointAtFake(data.integrationId);
    const checked = await mutate<ConnectionCheck>(app, 'unleashed.check', { integrationId: data.integrationId }, admin);
    expect(checked.data).toMatchObject({ ok: false, failure: 'auth' });
  });

  it('refuses sites of another tenant, accounts of another tenant, paused accounts and non-admins', async () => {
    const admin = await bearer('tnt_demo');
    const foreignSite = await connect(admin, { name: 'Foreign site', siteId: 'site_x' });
    expect(foreignSite.status).toBe(400);
    expect(foreignSite.error?.data).toMatchObject({ code: ErrorCode.BadRequest });

    const theirs = await connect(await bearer('tnt_other'), { name: 'Their account' });
    for (const [path, call] of [['unleashed.check', mutate], ['unleashed.usage', query], ['unleashed.syncNow', mutate]] as const) {
      expect((await call(app, path, { integrationId: theirs.data.integrationId }, admin)).status).toBe(404);
    }

    const { data } = await connect(admin, { name: 'Paused account' });
    await setIntegrationStatus(db(), data.integrationId, 'paused');
    const paused = await mutate(app, 'unleashed.syncNow', { integrationId: data.integrationId }, admin);
    expect(paused.status).toBe(409);

    const manager = await bearer('tnt_demo', 'manager');
    expect((await connect(manager, { name: 'By a manager' })).status).toBe(403);
  });
});
