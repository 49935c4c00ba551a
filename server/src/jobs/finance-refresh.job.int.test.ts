import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { insertFinanceFixture } from '../domains/working-capital/test/finance-fixture';
import { createBullmqRunner } from './bullmq.runner';
import { financeRefreshJob } from './finance-refresh.job';
import type { JobContext, JobDefinition } from './job';
import { waitFor } from './test/wait-for';

function jobContext(db: TestDatabase['handle']['db'], notes: string[] = []): JobContext {
  return { db, log: silentLogger(), jobId: 'test-job', attempt: 1, progress: async (_f, note) => { notes.push(note ?? ''); } };
}

const financeRows = (db: TestDatabase['handle']['db'], entity: string) =>
  db.selectFrom('sync_rows').select('id').where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance').where('entity', '=', entity).where('deleted', '=', false).execute();

describe('the finance refresh job', () => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'finance-refresh-job');
    await insertFixture(db());
    await insertFinanceFixture(db());
  });
  afterAll(() => testDb?.cleanup());

  it('refreshes every tenant that keeps books, valuing the ledger into inventory months, then has nothing to do', async () => {
    const notes: string[] = [];
    const first = await financeRefreshJob.perform({}, jobContext(db(), notes));
    // tnt_other keeps a customer and an invoice (but no rates): it has a finance scope of its own.
    expect(first.results.map((r) => r.tenantId)).toEqual(['tnt_demo', 'tnt_other']);
    expect(first.results.every((r) => (r.written ?? 0) > 0)).toBe(true);
    expect(notes.at(-1)).toBe('finance refreshed for 2 of 2 tenants');
    expect((await financeRows(db(), 'inventory_month')).map((r) => r.id)).toContain('itm_gear|2026-01-01');
    expect(await financeRefreshJob.perform({ tenantId: 'tnt_demo' }, jobContext(db()))).toEqual({ results: [{ tenantId: 'tnt_demo', written: 0 }] });
  });

  it('runs nightly with an input it accepts, and refuses one it does not', () => {
    expect(financeRefreshJob.schedule?.everyMs).toBe(24 * 3_600_000);
    expect(financeRefreshJob.input.safeParse(financeRefreshJob.schedule?.input).success).toBe(true);
    expect(financeRefreshJob.input.safeParse({ tenant: 'tnt_demo' }).success).toBe(false);
  });
});

describe('the finance refresh job through BullMQ on Redis', () => {
  let testDb: TestDatabase;
  let runner: ReturnType<typeof createBullmqRunner>;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'finance-refresh-bullmq');
    await insertFixture(testDb.handle.db);
    await insertFinanceFixture(testDb.handle.db);
    runner = createBullmqRunner(
      { db: testDb.handle.db, logger: silentLogger(), jobs: [financeRefreshJob as unknown as JobDefinition] },
      { redisUrl: TEST_REDIS_URL, queueName: `test-finance-${randomBytes(4).toString('hex')}` },
    );
    await runner.start();
  });
  afterAll(async () => {
    await runner?.queue.obliterate({ force: true });
    await runner?.close();
    await testDb?.cleanup();
  });

  it("refreshes a tenant's finance scope on a worker", async () => {
    await runner.enqueue(financeRefreshJob, { tenantId: 'tnt_demo' });
    const documents = await waitFor('the finance documents', async () => {
      const rows = await financeRows(testDb.handle.db, 'finance_document');
      return rows.length > 0 ? rows : undefined;
    });
    expect(documents.map((r) => r.id).sort()).toEqual(['bill_s1', 'cn1', 'inv_a1', 'inv_b1', 'inv_b2', 'pp1']);
  });
});
