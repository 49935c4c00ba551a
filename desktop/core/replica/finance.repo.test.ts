import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts, documents } from '@capliquify/shared/finance/test/fixtures';
import { migrateReplica } from './migrate-replica';
import { deleteFinanceRow, financeRevision, readFinanceRows, writeFinanceRows } from './finance.repo';
import { openReplica, type Replica } from './open-replica';

let replica: Replica;
beforeEach(async () => { replica = await openReplica(':memory:'); });
afterEach(() => replica.close());

describe('the finance rows of the replica', () => {
  it('keeps each pulled document parsed, and moves the revision with every change', async () => {
    expect(await financeRevision(replica.db)).toBe(0);
    await replica.db.transaction().execute(async (trx) => {
      writeFinanceRows(trx, 'finance_contact', contacts.map((c) => ({ id: c.id, data: { ...c, extra: 'dropped' } })));
      writeFinanceRows(trx, 'finance_document', documents.map((d) => ({ id: d.id, data: d })));
    });
    const after = await financeRevision(replica.db);
    expect(after).toBeGreaterThan(0);
    const rows = await readFinanceRows(replica.db);
    expect(rows.contacts).toEqual(contacts);
    expect(rows.documents).toHaveLength(documents.length);
    expect(rows.profile).toBeNull();

    await deleteFinanceRow(replica.db, 'finance_document', 'i1');
    expect(await financeRevision(replica.db)).toBe(after + 1);
    // Deleting what is not there changes nothing.
    await deleteFinanceRow(replica.db, 'finance_document', 'i1');
    expect(await financeRevision(replica.db)).toBe(after + 1);
    expect((await readFinanceRows(replica.db)).documents.map((d) => d.id)).not.toContain('i1');
  });

  it('refuses a pulled document that is not one, so the pull fails instead of the figures', async () => {
    await expect(replica.db.transaction().execute(async (trx) => writeFinanceRows(trx, 'finance_document', [{ id: 'x', data: { id: 'x', type: 'INVOICE' } }]))).rejects.toThrow();
    expect(await financeRevision(replica.db)).toBe(0);
  });

  it('leaves out, and counts, a row brought over unparsed that does not read', async () => {
    await replica.db.insertInto('finance_rows').values({ entity: 'finance_document', id: 'bad', data: JSON.stringify({ id: 'bad' }) }).execute();
    expect(await readFinanceRows(replica.db)).toMatchObject({ documents: [], unreadable: 1 });
  });
});

describe('migration 0008', () => {
  it('brings over finance rows an older build kept in confirmed state only', async () => {
    // Undo 0008 as if this replica was made by the build before it, which kept the rows aside.
    for (const table of ['finance_scenarios', 'finance_state', 'finance_rows']) await replica.db.schema.dropTable(table).execute();
    await sql`delete from schema_migrations where name in ('0008-finance', '0009-cash-plan')`.execute(replica.db);
    await replica.db.insertInto('confirmed_rows').values([
      { scope: 'finance', entity: 'finance_contact', id: 'alpha', version: 2, data: JSON.stringify(contacts[0]), stale: 0 },
      { scope: 'site:site-a', entity: 'item', id: 'item-1', version: 1, data: '{}', stale: 0 },
    ]).execute();
    expect(await migrateReplica(replica.db as unknown as Kysely<unknown>)).toEqual(['0008-finance', '0009-cash-plan']);
    expect(await readFinanceRows(replica.db)).toMatchObject({ contacts: [contacts[0]], documents: [], unreadable: 0 });
  });
});

describe('migration 0009', () => {
  it('brings over open orders and the sales outlook a build before them kept in confirmed state only', async () => {
    await sql`delete from schema_migrations where name = '0009-cash-plan'`.execute(replica.db);
    const order = { id: 'po-1', number: 'PO-1', supplierId: 'steel', expectedOn: '2026-04-03', payOn: '2026-05-03', amountMinor: 60_000, currency: 'GBP' };
    const outlook = { runId: 'run-1', generatedAt: '2026-04-01T03:00:00.000Z', weeks: [{ weekStart: '2026-04-06', revenueMinor: 10, lowMinor: 5, highMinor: 15 }], marginPct: 30, pricedItems: 1, unpricedItems: 0 };
    await replica.db.insertInto('confirmed_rows').values([
      { scope: 'finance', entity: 'planned_purchase', id: 'po-1', version: 4, data: JSON.stringify(order), stale: 0 },
      { scope: 'finance', entity: 'sales_outlook', id: 'sales-outlook', version: 4, data: JSON.stringify(outlook), stale: 0 },
    ]).execute();
    const before = await financeRevision(replica.db);
    expect(await migrateReplica(replica.db as unknown as Kysely<unknown>)).toEqual(['0009-cash-plan']);
    expect(await readFinanceRows(replica.db)).toMatchObject({ plannedPurchases: [order], salesOutlook: outlook, unreadable: 0 });
    expect(await financeRevision(replica.db)).toBe(before + 1);
  });
});
