import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from './pglite.dialect';

interface Db {
  counters: { id: string; n: number };
}

describe('PGliteDialect', () => {
  let db: Kysely<Db>;

  beforeEach(async () => {
    db = new Kysely<Db>({ dialect: new PGliteDialect(new PGlite()) });
    await db.schema.createTable('counters').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('n', 'integer', (c) => c.notNull()).execute();
  });

  afterEach(async () => {
    await db.destroy();
  });

  it('commits a transaction and rolls back a failed one', async () => {
    await db.transaction().execute((tx) => tx.insertInto('counters').values({ id: 'kept', n: 1 }).execute());
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('counters').values({ id: 'dropped', n: 1 }).execute();
        throw new Error('business rule');
      }),
    ).rejects.toThrow('business rule');
    expect(await db.selectFrom('counters').select('id').execute()).toEqual([{ id: 'kept' }]);
  });

  it('keeps other queries out of an open transaction', async () => {
    await db.insertInto('counters').values({ id: 'c', n: 0 }).execute();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction().execute(async (trx) => {
      await trx.updateTable('counters').set({ n: 1 }).execute();
      await gate;
      throw new Error('roll it back');
    });
    // Issued while the transaction is open; on a shared connection it would see or join it.
    const outside = db.updateTable('counters').set({ n: sql`n + 10` }).executeTakeFirst();
    release();
    await expect(tx).rejects.toThrow('roll it back');
    await outside;
    expect(await db.selectFrom('counters').select('n').executeTakeFirstOrThrow()).toEqual({ n: 10 });
  });

  it('serialises many concurrent transactions without losing an update', async () => {
    await db.insertInto('counters').values({ id: 'c', n: 0 }).execute();
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction().execute(async (tx) => {
          const { n } = await tx.selectFrom('counters').select('n').executeTakeFirstOrThrow();
          await tx.updateTable('counters').set({ n: n + 1 }).execute();
        }),
      ),
    );
    expect(await db.selectFrom('counters').select('n').executeTakeFirstOrThrow()).toEqual({ n: 25 });
  });

  it('rolls back to a savepoint inside a transaction', async () => {
    const tx = await db.startTransaction().execute();
    await tx.insertInto('counters').values({ id: 'before', n: 1 }).execute();
    const sp = await tx.savepoint('attempt').execute();
    await sp.insertInto('counters').values({ id: 'undone', n: 1 }).execute();
    const back = await sp.rollbackToSavepoint('attempt').execute();
    await back.commit().execute();
    expect(await db.selectFrom('counters').select('id').execute()).toEqual([{ id: 'before' }]);
  });

  it('reports affected rows and returns int8 and date as strings, like pg', async () => {
    const inserted = await db.insertInto('counters').values([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]).executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    const { rows } = await sql<{ big: string; day: string; count: string }>`
      select 9007199254740993::int8 as big, date '2026-03-01' as day, count(*) as count from counters`.execute(db);
    expect(rows).toEqual([{ big: '9007199254740993', day: '2026-03-01', count: '2' }]);
  });

  it('surfaces database errors with their SQLSTATE', async () => {
    await db.insertInto('counters').values({ id: 'dup', n: 1 }).execute();
    await expect(db.insertInto('counters').values({ id: 'dup', n: 2 }).execute()).rejects.toMatchObject({ code: '23505' });
  });
});
