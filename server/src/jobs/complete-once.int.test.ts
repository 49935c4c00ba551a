import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { silentLogger } from '../../test/logs';
import { completeOnce } from './complete-once';
import type { JobContext } from './job';
import { createTestJobTables, effectsOf } from './test/test-jobs';

describe('completeOnce on PostgreSQL', () => {
  let testDb: TestDatabase;
  const ctx = (): JobContext => ({ db: testDb.handle.db, log: silentLogger(), jobId: 'direct', attempt: 1, job: 'import', progress: async () => {} });
  const effect = (n: number) => (trx: Parameters<Parameters<typeof completeOnce>[2]>[0]) =>
    sql`insert into test_job_effects (n, job_id, pid) values (${n}, 'direct', ${process.pid})`.execute(trx).then(() => ({ n }));

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'complete-once');
    await createTestJobTables(testDb.handle.db);
  });
  afterAll(() => testDb.cleanup());

  it('applies the effect and records the key with its result in one transaction, once', async () => {
    expect(await completeOnce(ctx(), 'import:1', effect(1))).toEqual({ applied: true, result: { n: 1 } });
    expect(await completeOnce(ctx(), 'import:1', effect(1))).toEqual({ applied: false });
    expect((await effectsOf(testDb.handle.db)).filter((e) => e.n === 1)).toHaveLength(1);
    expect(await testDb.handle.db.selectFrom('job_idempotency').select(['job', 'result']).where('key', '=', 'import:1').executeTakeFirst()).toEqual({ job: 'import', result: { n: 1 } });
  });

  it('records no key when the effect fails, so the next attempt applies it', async () => {
    const failing = completeOnce(ctx(), 'import:2', async (trx) => {
      await effect(2)(trx);
      throw new Error('the effect failed half-way');
    });
    await expect(failing).rejects.toThrow('the effect failed half-way');
    expect((await effectsOf(testDb.handle.db)).filter((e) => e.n === 2)).toEqual([]);
    expect(await completeOnce(ctx(), 'import:2', effect(2))).toEqual({ applied: true, result: { n: 2 } });
  });

  it('applies the effect once when two runs of one key race', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => completeOnce(ctx(), 'import:3', effect(3))));
    expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
    expect((await effectsOf(testDb.handle.db)).filter((e) => e.n === 3)).toHaveLength(1);
  });
});
