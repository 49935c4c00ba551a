import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { tenantTables } from './migrations/0008-row-level-security';
import { withTenantScope } from './tenant-scope';

describe.each(['postgres', 'pglite'] as const)('row-level security on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'rls');
    for (const tenant of ['tnt_a', 'tnt_b']) {
      await db().insertInto('tenants').values({ id: tenant, name: tenant, base_currency: 'EUR' }).execute();
      await db().insertInto('sites').values({ id: `${tenant}_site`, tenant_id: tenant, code: 'P1', name: 'Plant', kind: 'plant', timezone: 'UTC' }).execute();
    }
  });
  afterAll(() => testDb.cleanup());

  it('shows a tenant only its own rows, even to a query that forgets the tenant filter', async () => {
    const seen = await withTenantScope(db(), 'tnt_a', (trx) => trx.selectFrom('sites').select('id').execute());
    expect(seen.map((s) => s.id)).toEqual(['tnt_a_site']);
    const tenants = await withTenantScope(db(), 'tnt_b', (trx) => trx.selectFrom('tenants').select('id').execute());
    expect(tenants.map((t) => t.id)).toEqual(['tnt_b']);
  });

  it("refuses to write another tenant's rows, and to move a row to another tenant", async () => {
    await expect(withTenantScope(db(), 'tnt_a', (trx) => trx.insertInto('sites')
      .values({ id: 'sneaky', tenant_id: 'tnt_b', code: 'X', name: 'X', kind: 'plant', timezone: 'UTC' }).execute()))
      .rejects.toThrow(/row-level security/);
    await expect(withTenantScope(db(), 'tnt_a', (trx) => trx.updateTable('sites').set({ tenant_id: 'tnt_b' }).where('id', '=', 'tnt_a_site').execute()))
      .rejects.toThrow(/row-level security/);
    const updated = await withTenantScope(db(), 'tnt_a', (trx) => trx.updateTable('sites').set({ name: 'Renamed' }).where('id', '=', 'tnt_b_site').executeTakeFirst());
    expect(updated.numUpdatedRows).toBe(0n);
  });

  it('leaves the connection as it was after the scope ends', async () => {
    await withTenantScope(db(), 'tnt_a', async () => undefined);
    const { rows } = await sql<{ role: string; tenant: string | null }>`select current_user as role, nullif(current_setting('capliquify.tenant_id', true), '') as tenant`.execute(db());
    expect(rows[0]).toEqual({ role: 'postgres', tenant: null });
    expect(await db().selectFrom('sites').select('id').execute()).toHaveLength(2);
  });

  it('protects every table that has a tenant_id, so a new table without a policy fails here', async () => {
    const tables = await tenantTables(db() as unknown as Kysely<unknown>);
    expect(tables.length).toBeGreaterThan(20);
    const { rows } = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relrowsecurity
        and exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname and p.policyname = 'tenant_isolation')`.execute(db());
    const protectedTables = new Set(rows.map((r) => r.relname));
    expect(tables.filter((t) => !protectedTables.has(t))).toEqual([]);
    expect(protectedTables.has('tenants')).toBe(true);
  });
});
