import { BACKENDS } from '../../../test/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/logs';
import { IntegrationError } from '../integration-error';
import { findIntegration, upsertIntegration } from '../integrations.repo';
import { connectUnleashed, openUnleashedClient } from './unleashed-connection.service';
import { readMonthUsage } from './unleashed-quota.repo';
import { API_ID, API_KEY, openUnleashedWorld, type UnleashedWorld } from './testing/unleashed-world';

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

describe.each(BACKENDS)('Unleashed monthly call quota, counted in the database, on %s', (kind) => {
  let world: UnleashedWorld;
  const QUOTA = 20;

  beforeAll(async () => {
    world = await openUnleashedWorld('unleashed-quota', { kind, settings: { monthlyQuota: QUOTA } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('warns at 80 % and 95 % in the log and on the integration, refuses when spent, and resumes on the 1st', async () => {
    world.setNow(new Date('2026-01-30T10:00:00Z'));
    const { logger, lines } = captureLogger('warn');
    const client = await world.client(logger);
    const warnings = () => lines().filter((l) => typeof l.percent === 'number').map((l) => [l.percent, l.calls]);

    for (let i = 0; i < 15; i++) await client.page('Products', 1, {}, 1);
    expect(warnings()).toEqual([]);
    await client.page('Products', 1, {}, 1);
    expect(warnings()).toEqual([[80, 16]]);
    expect((await world.reload()).settings.quotaWarning).toMatchObject({ period: '2026-01', percent: 80, calls: 16, quota: QUOTA });
    for (let i = 0; i < 3; i++) await client.page('Products', 1, {}, 1);
    expect(warnings()).toEqual([[80, 16], [95, 19]]);
    await client.page('Products', 1, {}, 1);
    expect(warnings()).toEqual([[80, 16], [95, 19], [100, 20]]);
    expect(world.fake.callsThisMonth()).toBe(20);

    // The 21st call is refused here, before it reaches Unleashed, until 1 February 00:00 UTC.
    const refused = await failure(client.page('Products', 1, {}, 1));
    expect(refused).toMatchObject({ failure: 'quota_spent', permanent: false });
    expect(refused.details.retryAfterMs).toBe(Date.parse('2026-02-01T00:00:00Z') - Date.parse('2026-01-30T10:00:00Z'));
    expect(world.fake.callsThisMonth()).toBe(20);
    expect(await readMonthUsage(world.db, world.integration.id, '2026-01')).toEqual({ calls: 20, vendorRefused: false });

    world.setNow(new Date('2026-02-01T00:00:00Z'));
    await client.page('Products', 1, {}, 1);
    expect(world.fake.callsThisMonth()).toBe(1);
    expect(await readMonthUsage(world.db, world.integration.id, '2026-02')).toEqual({ calls: 1, vendorRefused: false });
    // Last month's warning no longer shows on the integration; its settings stay.
    const settings = (await world.reload()).settings;
    expect(settings.quotaWarning).toBeUndefined();
    expect(settings.monthlyQuota).toBe(QUOTA);
  });

  it('counts once per call across clients of the same integration (two workers share one count)', async () => {
    world.setNow(new Date('2026-03-05T00:00:00Z'));
    const [a, b] = [await world.client(), await world.client()];
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).page('Products', 1, {}, 1)));
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).page('Products', 1, {}, 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(QUOTA - 12);
    expect(await readMonthUsage(world.db, world.integration.id, '2026-03')).toMatchObject({ calls: QUOTA });
    expect(world.fake.callsThisMonth()).toBe(QUOTA);
  });

  it('maps Unleashed saying the quota is spent to quota_spent, and stops calling until saved again or the month ends', async () => {
    world.setNow(new Date('2026-04-10T00:00:00Z'));
    world.fake.setMonthlyQuota(3);
    const { logger, lines } = captureLogger('warn');
    const client = await world.client(logger);
    for (let i = 0; i < 3; i++) await client.page('Products', 1, {}, 1);
    const spent = await failure(client.page('Products', 1, {}, 1));
    expect(spent).toMatchObject({ failure: 'quota_spent', details: { status: 429, retryAfterMs: Date.parse('2026-05-01T00:00:00Z') - Date.parse('2026-04-10T00:00:00Z') } });
    expect(lines().at(-1)).toMatchObject({ percent: 100, msg: expect.stringContaining('Unleashed says the monthly API quota is spent') });
    const requests = world.fake.requests.length;
    expect(await failure(client.page('Products', 1, {}, 1))).toMatchObject({ failure: 'quota_spent', message: expect.stringContaining('Unleashed said') });
    expect(world.fake.requests.length).toBe(requests);

    // The admin bought more calls and saved the integration: calls go out again.
    world.fake.setMonthlyQuota(undefined);
    await connectUnleashed(world.db, world.box, { tenantId: 'tnt_demo' }, {
      name: world.integration.name, apiId: API_ID, apiKey: API_KEY, settings: { baseUrl: world.fake.url, monthlyQuota: QUOTA },
    });
    expect((await (await world.client()).page('Products', 1, {}, 1)).Items).toHaveLength(1);
  });

  it('without a configured quota counts calls and never refuses on its own', async () => {
    const other = await upsertIntegration(world.db, { tenantId: 'tnt_demo', vendor: 'unleashed', name: 'No quota', settings: {} });
    await connectUnleashed(world.db, world.box, { tenantId: 'tnt_demo' }, { name: other.name, apiId: API_ID, apiKey: API_KEY, settings: { baseUrl: world.fake.url } });
    world.setNow(new Date('2026-06-01T00:00:00Z'));
    const client = await openUnleashedClient(world.db, world.box, (await findIntegration(world.db, other.id))!, captureLogger().logger, world.tuning);
    for (let i = 0; i < QUOTA + 5; i++) await client.page('Products', 1, {}, 1);
    expect(await readMonthUsage(world.db, other.id, '2026-06')).toEqual({ calls: QUOTA + 5, vendorRefused: false });
  });
});
