import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { createDatabase, type DatabaseHandle } from '../db/create-database';
import type { Database } from '../db/schema';
import { appendAudit, listAudit, verifyAudit, type AuditInput } from './audit.service';

/** What an attacker with superuser rights does: triggers off for one transaction. */
async function asAttacker(db: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await run(trx);
  });
}

function append(db: Kysely<Database>, input: Partial<AuditInput> & { tenantId: string }): Promise<unknown> {
  return db.transaction().execute((trx) => appendAudit(trx, { action: 'test.done', ...input }));
}

describe.each(['postgres', 'pglite'] as const)('audit log on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;
  let tenant = 0;

  /** A fresh tenant with `n` entries, so every test tampers with its own chain. */
  async function tenantWith(n: number): Promise<string> {
    const id = `tnt_${(tenant += 1)}`;
    await db().insertInto('tenants').values({ id, name: id, base_currency: 'EUR' }).execute();
    for (let i = 1; i <= n; i += 1) await append(db(), { tenantId: id, subject: `thing:${i}`, details: { i } });
    return id;
  }

  async function seqs(tenantId: string): Promise<string[]> {
    const rows = await db().selectFrom('audit_log').select('seq').where('tenant_id', '=', tenantId).orderBy('seq').execute();
    return rows.map((r) => r.seq);
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'audit');
  });
  afterAll(() => testDb.cleanup());

  it('chains each tenant separately and verifies them', async () => {
    const a = await tenantWith(3);
    const b = await tenantWith(2);
    const [verdictA, verdictB] = await Promise.all([verifyAudit(db(), a), verifyAudit(db(), b)]);
    expect(verdictA).toEqual([{ tenantId: a, ok: true, count: 3, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(verdictB).toMatchObject([{ tenantId: b, ok: true, count: 2 }]);
    const newest = await listAudit(db(), { tenantId: a, limit: 2 });
    expect(newest.map((e) => e.details)).toEqual([{ i: 3 }, { i: 2 }]);
    expect(newest[0]!.prevHash).toBe(newest[1]!.hash);
  });

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const id = await tenantWith(1);
    await expect(db().transaction().execute(async (trx) => {
      await appendAudit(trx, { tenantId: id, action: 'test.undone' });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    await append(db(), { tenantId: id });
    expect(await verifyAudit(db(), id)).toMatchObject([{ ok: true, count: 2 }]);
  });

  it('refuses an e-mail address in the details', async () => {
    const id = await tenantWith(0);
    await expect(append(db(), { tenantId: id, details: { who: { email: 'ann@example.com' } } })).rejects.toThrow(/e-mail address at details.who.email/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries, and moving a head backwards', async () => {
    const id = await tenantWith(2);
    await expect(db().updateTable('audit_log').set({ action: 'x' }).where('tenant_id', '=', id).execute()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db().deleteFrom('audit_log').where('tenant_id', '=', id).execute()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql`truncate audit_log cascade`.execute(db())).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(db().updateTable('audit_heads').set({ count: 1, last_seq: 1 }).where('tenant_id', '=', id).execute()).rejects.toThrow(/only moves forward/);
    await expect(db().deleteFrom('audit_heads').where('tenant_id', '=', id).execute()).rejects.toThrow(/only moves forward/);
    expect(await verifyAudit(db(), id)).toMatchObject([{ ok: true, count: 2 }]);
  });

  it('names an edited entry', async () => {
    const id = await tenantWith(4);
    const [, second] = await seqs(id);
    await asAttacker(db(), (trx) => trx.updateTable('audit_log').set({ details: JSON.stringify({ i: 99 }) }).where('seq', '=', second!).execute());
    expect(await verifyAudit(db(), id)).toMatchObject([{ tenantId: id, ok: false, seq: second, problem: 'edited' }]);
  });

  it('names the entry after a deleted middle one', async () => {
    const id = await tenantWith(4);
    const [, second, third] = await seqs(id);
    await asAttacker(db(), (trx) => trx.deleteFrom('audit_log').where('seq', '=', second!).execute());
    expect(await verifyAudit(db(), id)).toMatchObject([{ ok: false, seq: third, problem: 'deleted-before' }]);
  });

  it('catches a deleted newest entry through the head', async () => {
    const id = await tenantWith(3);
    const newest = (await seqs(id)).at(-1)!;
    await asAttacker(db(), (trx) => trx.deleteFrom('audit_log').where('seq', '=', newest).execute());
    expect(await verifyAudit(db(), id)).toMatchObject([{ ok: false, seq: newest, problem: 'deleted-newest' }]);
  });

  it('verifies every tenant when none is named, including one whose entries were all deleted', async () => {
    const id = await tenantWith(1);
    await asAttacker(db(), (trx) => trx.deleteFrom('audit_log').where('tenant_id', '=', id).execute());
    const verdicts = await verifyAudit(db());
    expect(verdicts.find((v) => v.tenantId === id)).toMatchObject({ ok: false, problem: 'deleted-newest' });
    expect(verdicts.find((v) => v.tenantId === 'tnt_1')).toMatchObject({ ok: true, count: 3 });
  });

  it('keeps one valid chain under concurrent appends from two connections', async () => {
    const id = await tenantWith(0);
    // A second pool on the same database (PGlite has one connection: its appends interleave in turn).
    const second: DatabaseHandle | null = kind === 'postgres' ? await createDatabase(testDb.config) : null;
    try {
      const pools = [db(), second?.db ?? db()];
      await Promise.all(Array.from({ length: 30 }, (_, i) => append(pools[i % 2]!, { tenantId: id, details: { i } })));
    } finally {
      await second?.close();
    }
    expect(await verifyAudit(db(), id)).toMatchObject([{ ok: true, count: 30 }]);
    const details = (await listAudit(db(), { tenantId: id, limit: 100 })).map((e) => e.details['i']);
    expect(new Set(details).size).toBe(30);
  });
});
