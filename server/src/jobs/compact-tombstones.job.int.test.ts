import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { rebuildScopes } from '../sync/rebuild-scopes.service';
import { createBullmqRunner } from './bullmq.runner';
import { compactTombstonesJob } from './compact-tombstones.job';

describe('compact-tombstones job through BullMQ on Redis, on PostgreSQL', () => {
  let testDb: TestDatabase;
  const queueName = `test-compact-${randomBytes(4).toString('hex')}`;
  let runner: ReturnType<typeof createBullmqRunner>;
  let events: QueueEvents;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'compact-bullmq');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    runner = createBullmqRunner({ db: db(), logger: silentLogger() }, { redisUrl: TEST_REDIS_URL, queueName });
    events = new QueueEvents(queueName, { connection: { url: TEST_REDIS_URL } });
    await events.waitUntilReady();
    await runner.start();
  });
  afterAll(async () => {
    await events?.close();
    await runner?.queue.obliterate({ force: true });
    await runner?.close();
    await testDb?.cleanup();
  });

  it('refuses input outside its schema', () => {
    expect(compactTombstonesJob.input.safeParse({}).success).toBe(false);
    expect(compactTombstonesJob.input.safeParse({ keepDays: -1 }).success).toBe(false);
    expect(compactTombstonesJob.input.safeParse({ keepDays: 1.5 }).success).toBe(false);
  });

  it('runs from the queue and deletes a tombstone older than the window', async () => {
    // A stock level emptied long ago: the backfill tombstones it, then it is aged past the window.
    await db().insertInto('stock_movements').values({
      tenant_id: 'tnt_demo', site_id: 'site_a', location_id: 'loc_a1', item_id: 'itm_frame', kind: 'shipment', quantity: -3,
      unit_cost_minor: 0, occurred_at: new Date(), reference: null,
    }).execute();
    expect((await rebuildScopes(db(), 'tnt_demo')).changed).toEqual({ 'site:site_a': 1 });
    await db().updateTable('sync_rows').set({ updated_at: sql`now() - make_interval(days => 8)` }).where('deleted', '=', true).execute();
    const { version } = await db().selectFrom('sync_rows').select('version').where('id', '=', 'loc_a1|itm_frame').executeTakeFirstOrThrow();

    const id = await runner.enqueue(compactTombstonesJob, { keepDays: 7 });
    const job = await runner.queue.getJob(id);
    expect(job?.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential-retry-after', delay: 1_000 } });
    expect(await job!.waitUntilFinished(events)).toEqual({ tnt_demo: [{ scope: 'site:site_a', deleted: 1, minVersion: Number(version) }], tnt_other: [] });
    expect(await db().selectFrom('sync_rows').select('id').where('deleted', '=', true).execute()).toEqual([]);
  });
});
