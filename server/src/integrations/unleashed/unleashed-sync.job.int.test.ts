import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../test/logs';
import { PermanentJobError, type JobContext, type JobDefinition } from '../../jobs/job';
import { findJob } from '../../jobs/registry';
import { setIntegrationStatus } from '../integrations.repo';
import { connectUnleashed } from './unleashed-connection.service';
import { createUnleashedSyncAllJob, unleashedSyncAllJob, UNLEASHED_SYNC_EVERY_MS } from './unleashed-sync-all.job';
import { createUnleashedSyncJob, unleashedSyncJob } from './unleashed-sync.job';
import { API_ID, openUnleashedWorld, type UnleashedWorld } from './testing/unleashed-world';

describe('Unleashed jobs, performed directly, on PostgreSQL', () => {
  let world: UnleashedWorld;
  const progress: [number, string | undefined][] = [];
  const ctx = (extra: Partial<JobContext> = {}): JobContext => ({
    db: world.db, log: silentLogger(), jobId: 'job-1', attempt: 1,
    progress: async (fraction, note) => { progress.push([fraction, note]); },
    ...extra,
  });
  // The registered jobs, bound to the test's secret box and clock instead of this process's.
  const syncJob = () => createUnleashedSyncJob(() => world.runtime);
  const fanOutJob = () => createUnleashedSyncAllJob(() => world.runtime);
  const input = () => ({ tenantId: 'tnt_demo', integrationId: world.integration.id });

  beforeAll(async () => {
    world = await openUnleashedWorld('unleashed-jobs', { settings: { monthlyQuota: 14 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('are registered, the fan-out hourly', () => {
    expect(findJob('unleashed-sync')).toBe(unleashedSyncJob);
    expect(findJob('unleashed-sync-all')).toBe(unleashedSyncAllJob);
    expect(unleashedSyncAllJob.schedule).toEqual({ everyMs: UNLEASHED_SYNC_EVERY_MS, input: {} });
    expect(UNLEASHED_SYNC_EVERY_MS).toBe(3_600_000);
    expect(unleashedSyncJob.input.safeParse({ integrationId: 'x' }).success).toBe(false);
    expect(unleashedSyncJob.input.safeParse({ tenantId: '', integrationId: 'x' }).success).toBe(false);
  });

  it('syncs one integration, reporting progress stream by stream', async () => {
    const outcome = await syncJob().perform(input(), ctx());
    expect(outcome).toEqual({ synced: { suppliers: 2, products: 5, 'stock-on-hand': 4, 'bills-of-materials': 1, 'purchase-orders': 2, assemblies: 2, 'sales-orders': 3 } });
    expect(progress.map(([fraction]) => Math.round(fraction * 7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress.map(([, note]) => note)).toEqual(['suppliers', 'products', 'stock-on-hand', 'bills-of-materials', 'purchase-orders', 'assemblies', 'sales-orders']);
  });

  it('refuses an integration of another tenant for good (dead letter), and skips a paused one', async () => {
    await expect(syncJob().perform({ tenantId: 'tnt_other', integrationId: world.integration.id }, ctx())).rejects.toBeInstanceOf(PermanentJobError);
    await setIntegrationStatus(world.db, world.integration.id, 'paused');
    const before = world.fake.requests.length;
    expect(await syncJob().perform(input(), ctx())).toEqual({ skipped: 'paused' });
    expect(world.fake.requests.length).toBe(before);
    await setIntegrationStatus(world.db, world.integration.id, 'active');
  });

  it('a wrong key fails permanently and is recorded on the integration', async () => {
    const other = await connectUnleashed(world.db, world.box, { tenantId: 'tnt_demo' }, {
      name: 'Second account', apiId: API_ID, apiKey: 'wrong-key', settings: { baseUrl: world.fake.url },
    });
    const error = await syncJob().perform({ tenantId: 'tnt_demo', integrationId: other.id }, ctx()).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ failure: 'auth', permanent: true });
    const stored = await world.db.selectFrom('integrations').select('last_error').where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(stored.last_error).toMatch(/refused the API id and key \(403/);
  });

  it('the fan-out queues one sync per active Unleashed integration when the runner lets it', async () => {
    const queued: [string, unknown][] = [];
    const enqueue = async <T>(job: JobDefinition<T>, jobInput: T) => { queued.push([job.name, jobInput]); return `q${queued.length}`; };
    const outcome = await fanOutJob().perform({}, ctx({ enqueue }));
    const ids = (await world.db.selectFrom('integrations').select('id').where('vendor', '=', 'unleashed').orderBy('id').execute()).map((r) => r.id);
    expect(outcome).toEqual({ queued: ids });
    expect(queued).toEqual(ids.map((integrationId) => ['unleashed-sync', { tenantId: 'tnt_demo', integrationId }]));
  });

  it('without queueing, the fan-out syncs each in turn; one failing account does not stop the others', async () => {
    const outcome = await fanOutJob().perform({}, ctx());
    expect(outcome).toMatchObject({ synced: [world.integration.id], failed: [{ error: expect.stringContaining('refused the API id and key') }] });
  });

  it('a spent monthly quota ends the job without a retry, recorded on the run and the integration', async () => {
    // Fourteen calls allowed a month: one a stream, seven in the first sync and seven in the fan-out's.
    const outcome = await syncJob().perform(input(), ctx());
    expect(outcome).toEqual({ quotaSpent: { retryAfterMs: Date.parse('2026-02-01T00:00:00Z') - world.now().getTime() } });
    const stored = await world.reload();
    expect(stored.last_error).toMatch(/monthly API quota is spent \(14 of 14 calls\) for 2026-01/);
    expect(stored.settings.quotaWarning).toMatchObject({ percent: 100, calls: 14, quota: 14 });
  });
});
