import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { insertFixture } from '../../test/fixture';
import { runScript } from '../../test/spawn';
import { recordRun } from '../integrations/integration-runs.service';
import { upsertIntegration } from '../integrations/integrations.repo';
import { IntegrationError } from '../integrations/integration-error';
import { DEFAULT_QUEUE_NAME } from '../jobs/bullmq.runner';

interface Letter { id: string; job: string; error: string; resolution: string | null }

describe('capliquify jobs and integrations (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;
  const db = () => testDb.handle.db;

  async function letter(id: string, job: string, input: unknown, tenantId: string | null = null): Promise<void> {
    await db().insertInto('dead_letters').values({ id, tenant_id: tenantId, job, input: JSON.stringify(input), error: `${job} failed`, attempts: 3 }).execute();
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-jobs');
    await insertFixture(db());
    env = { DATABASE_URL: testDb.config.databaseUrl! };
    await letter('dl_compact', 'compact-tombstones', { keepDays: 3_650 });
    await letter('dl_stale', 'compact-tombstones', { keepDays: 'thirty', tenantId: 'tnt_demo' }, 'tnt_demo');
    await letter('dl_give_up', 'seed-demo', { size: 'small' }, 'tnt_demo');
  });
  afterAll(() => testDb.cleanup());

  it('lists the open dead letters; without Redis the queue is inside the API', async () => {
    const listed = await runScript('src/cli/main.ts', ['jobs', 'list', '--dead', '--json'], env);
    expect(listed.code).toBe(0);
    const body = JSON.parse(listed.stdout) as { runner: string; counts: unknown; openDeadLetters: number; deadLetters: Letter[] };
    expect(body).toMatchObject({ runner: 'in-process', counts: null, openDeadLetters: 3 });
    expect(body.deadLetters.map((l) => l.id).sort()).toEqual(['dl_compact', 'dl_give_up', 'dl_stale']);
    const text = await runCliHere(['jobs', 'list'], env);
    expect(text.stdout).toBe('queue: in-process (inside the API process; set REDIS_URL for a queue the CLI can read)\ndead letters: 3 open (--dead lists them)\n');
  });

  it('retries a dead letter here without Redis, and says when it failed again', async () => {
    const ok = await runCliHere(['jobs', 'retry', 'dl_compact', '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ command: 'jobs retry', deadLetterId: 'dl_compact', job: 'compact-tombstones', ranHere: true, succeeded: true });
    const stale = await runCliHere(['jobs', 'retry', 'dl_stale'], env);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^dl_stale: compact-tombstones ran here and failed again: dl_\w+ {2}compact-tombstones {2}tnt_demo {2}1 attempt {2}failed \S+ {2}input does not match the "compact-tombstones" job: keepDays: expected number, received string\n$/);
    const resolved = await db().selectFrom('dead_letters').select(['id', 'resolution']).where('id', 'in', ['dl_compact', 'dl_stale']).orderBy('id').execute();
    expect(resolved).toEqual([{ id: 'dl_compact', resolution: 'retried' }, { id: 'dl_stale', resolution: 'retried' }]);
    expect((await runCliHere(['jobs', 'retry', 'dl_compact'], env)).stderr).toMatch(/^capliquify: failed: Dead letter dl_compact was already retried at \S+\.\n$/);
  });

  it('discards a dead letter, and refuses unknown letters and missing ids', async () => {
    expect((await runCliHere(['jobs', 'discard', 'dl_give_up'], env)).stdout).toBe('dl_give_up: seed-demo discarded\n');
    expect(await db().selectFrom('dead_letters').select('resolution').where('id', '=', 'dl_give_up').executeTakeFirst()).toEqual({ resolution: 'discarded' });
    expect((await runCliHere(['jobs', 'discard', 'dl_nope'], env)).stderr).toBe('capliquify: failed: There is no dead letter dl_nope.\n');
    expect((await runCliHere(['jobs', 'retry'], env)).stderr).toBe('capliquify: jobs retry needs a dead letter id; see `capliquify jobs list --dead`\n');
    expect((await runCliHere(['jobs', 'purge'], env)).stderr).toBe('capliquify: jobs needs list, retry or discard (got "purge")\n');
  });

  it('with Redis, counts the queue per job and queues a retry for the workers', async () => {
    await letter('dl_queued', 'compact-tombstones', { keepDays: 3_650 });
    const withRedis = { ...env, REDIS_URL: TEST_REDIS_URL };
    const queued = await runCliHere(['jobs', 'retry', 'dl_queued', '--json'], withRedis);
    expect(queued.code).toBe(0);
    const { jobId } = JSON.parse(queued.stdout) as { jobId: string };
    expect(JSON.parse(queued.stdout)).toMatchObject({ job: 'compact-tombstones', ranHere: false });
    const queue = new Queue(DEFAULT_QUEUE_NAME, { connection: { url: TEST_REDIS_URL } });
    try {
      const job = await queue.getJob(jobId);
      expect([job?.name, job?.data]).toEqual(['compact-tombstones', { keepDays: 3_650 }]);
      const listed = JSON.parse((await runCliHere(['jobs', 'list', '--json'], withRedis)).stdout) as { runner: string; counts: { job: string; waiting: number }[] };
      expect(listed.runner).toBe('bullmq');
      expect(listed.counts.find((c) => c.job === 'compact-tombstones')?.waiting).toBeGreaterThanOrEqual(1);
      await job?.remove();
    } finally {
      await queue.close();
    }
  });

  it('shows each integration with its status, last success, last error and last runs', async () => {
    const store = await upsertIntegration(db(), { tenantId: 'tnt_demo', vendor: 'shopify', name: 'demo.myshopify.com', settings: { apiVersion: '2025-10' } });
    await recordRun(db(), store, 'orders', async () => 12);
    await recordRun(db(), store, 'inventory', async () => { throw new IntegrationError('shopify', 'unavailable', 'Shopify answered 503'); }).catch(() => undefined);
    const json = JSON.parse((await runCliHere(['integrations', 'status', '--json'], env)).stdout) as { integrations: Record<string, unknown>[] };
    expect(json.integrations).toEqual([expect.objectContaining({
      id: store.id, tenantId: 'tnt_demo', vendor: 'shopify', name: 'demo.myshopify.com', status: 'active', lastSuccessAt: expect.any(String),
      lastError: 'Shopify answered 503', lastRuns: [
        expect.objectContaining({ stream: 'inventory', status: 'failed', items: 0, error: 'Shopify answered 503' }),
        expect.objectContaining({ stream: 'orders', status: 'succeeded', items: 12, error: null }),
      ],
    })]);
    const text = (await runCliHere(['integrations', 'status'], env)).stdout;
    expect(text).toMatch(/^tnt_demo {2}shopify {2}demo\.myshopify\.com {2}active {2}last success \S+ {2}last error \S+: Shopify answered 503\n {2}\S+ {2}inventory {4}failed {4}0 items {2}Shopify answered 503\n {2}\S+ {2}orders {7}succeeded 12 items\n$/);
    expect((await runCliHere(['integrations', 'status', '--tenant', 'tnt_other'], env)).stdout).toBe('no integrations connected\n');
  });
});
