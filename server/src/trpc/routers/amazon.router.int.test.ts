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
import { createAmazonInventorySyncJob } from '../../integrations/amazon/amazon-inventory-sync.job';
import { createAmazonOrdersSyncJob } from '../../integrations/amazon/amazon-orders-sync.job';
import { amazonOrders, DE } from '../../integrations/amazon/test/amazon-orders';
import { startAmazonWorld } from '../../integrations/amazon/test/amazon-world';
import { findIntegration, setIntegrationStatus } from '../../integrations/integrations.repo';
import { createInProcessRunner } from '../../jobs/in-process.runner';
import { loadSecretBox } from '../../security/load-secret-box';

// amazon.connect and amazon.syncNow over HTTP, with the jobs run by this app's in-process runner
// against the fake Amazon (the per-account jobs bound to the fake and a virtual clock).
describe('amazon procedures', () => {
  const config = identityTestConfig();
  const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof startAmazonWorld>>;
  let runner: ReturnType<typeof createInProcessRunner>;
  const db = () => testDb.handle.db;

  async function bearer(tenantId: string, mfa = true): Promise<Record<string, string>> {
    const person = await insertPerson(db(), { tenantId });
    const signInId = await insertSignIn(db(), person, null, { mfa });
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'amazon-router');
    await insertFixture(db());
    world = await startAmazonWorld(db(), { box: loadSecretBox(config) });
    const jobs = [createAmazonOrdersSyncJob(() => world.runtime), createAmazonInventorySyncJob(() => world.runtime)];
    app = await buildApp(config, {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
      jobs: { runner: (deps) => (runner = createInProcessRunner({ ...deps, jobs })) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await world?.fake.close();
    await testDb?.cleanup();
  });

  it('connects a seller account with its token sealed and never answered, then syncs it on request', async () => {
    const admin = await bearer('tnt_demo');
    const { refreshToken, sellerId } = world.fake.addSeller();
    const connected = await mutate<{ integrationId: string; status: string; settings: Record<string, unknown> }>(app, 'amazon.connect', {
      name: 'Acme on amazon.de', refreshToken, region: 'eu', marketplaceIds: [DE],
    }, admin);
    expect(connected.status).toBe(200);
    expect(connected.data).toMatchObject({ status: 'active', settings: { endpoint: 'https://sellingpartnerapi-eu.amazon.com', marketplaceIds: [DE], feeRatePct: 15 } });
    expect(JSON.stringify(connected.data)).not.toContain(refreshToken);
    const { integrationId } = connected.data;
    // As the demo does: the same account, served by the fake on loopback.
    const integration = await findIntegration(db(), integrationId);
    await db().updateTable('integrations').set({ settings: JSON.stringify({ ...integration!.settings, endpoint: world.fake.url }) }).where('id', '=', integrationId).execute();
    world.fake.putOrders(sellerId, amazonOrders(4, world.clock.now()));

    const queued = await mutate<{ jobIds: string[] }>(app, 'amazon.syncNow', { integrationId }, admin);
    expect(queued.status).toBe(200);
    expect(queued.data.jobIds).toHaveLength(2);
    await runner.idle();
    const orders = await db().selectFrom('channel_orders').select('external_id').where('integration_id', '=', integrationId).execute();
    expect(orders).toHaveLength(4);
    const runs = await db().selectFrom('integration_runs').select(['stream', 'status']).where('integration_id', '=', integrationId).orderBy('stream').execute();
    expect(runs).toEqual([{ stream: 'inventory', status: 'succeeded' }, { stream: 'orders', status: 'succeeded' }]);
  });

  it('refuses to sync an account of another tenant or a paused one, and invalid connection settings', async () => {
    const admin = await bearer('tnt_demo');
    const theirs = await world.connect('tnt_other', 'their seller');
    expect((await mutate(app, 'amazon.syncNow', { integrationId: theirs.integration.id }, admin)).status).toBe(404);
    const paused = await world.connect('tnt_demo', 'paused seller');
    await setIntegrationStatus(db(), paused.integration.id, 'paused');
    expect((await mutate(app, 'amazon.syncNow', { integrationId: paused.integration.id }, admin)).status).toBe(409);
    const bad = await mutate(app, 'amazon.connect', { name: 'x', refreshToken: 'Atzr|x', region: 'eu', marketplaceIds: ['not a marketplace'] }, admin);
    expect(bad.status).toBe(400);
    expect((await mutate(app, 'amazon.connect', { name: 'x', refreshToken: 'Atzr|x', region: 'eu', marketplaceIds: [DE] }, await bearer('tnt_demo', false))).status).toBe(403);
  });
});
