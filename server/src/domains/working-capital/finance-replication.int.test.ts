import type { EnrollResponse, PullResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { enrollTestDevice, mutate, pull, pullAll } from '../../../test/sync';
import { buildApp } from '../../app';
import { loadServerConfig } from '../../config';
import { createEnrollmentCode, enrollDevice } from '../../sync/enrollment.service';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { refreshFinanceScope } from './finance-scope.service';
import { insertFinanceFixture } from './test/finance-fixture';

const financeChanges = (pages: PullResponse[]) => pages.flatMap((p) => p.changes).filter((c) => c.scope === 'finance');

describe.each(['postgres', 'pglite'] as const)('replicating the finance scope on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let workstation: EnrollResponse;
  let station: EnrollResponse;
  let workstationCursors: Record<string, string | null>;
  let stationCursors: Record<string, string | null>;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'finance-replication');
    await insertFixture(db());
    await insertFinanceFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    const { code, role } = await createEnrollmentCode(db(), { tenantId: 'tnt_demo', siteId: 'site_a', name: 'Finance PC', role: 'finance' });
    expect(role).toBe('finance');
    workstation = (await mutate<EnrollResponse>(app, 'sync.enroll', { code, name: 'Finance PC' })).data;
    station = await enrollTestDevice(app, db());
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('enrols a finance workstation with the finance scope besides its site\'s, and a station without it', async () => {
    expect(workstation.scopes).toEqual(['catalog', 'finance', 'site:site_a']);
    expect(station.scopes).toEqual(['catalog', 'site:site_a']);
    expect(await db().selectFrom('devices').select(['id', 'role']).orderBy('role').execute()).toEqual([
      { id: workstation.deviceId, role: 'finance' }, { id: station.deviceId, role: 'operator' },
    ]);
  });

  it('bootstraps every finance document to the workstation, in pages', async () => {
    const { pages, cursors } = await pullAll(app, workstation.credential, {}, 7);
    workstationCursors = cursors;
    expect(Object.keys(cursors).sort()).toEqual(['catalog', 'finance', 'site:site_a']);
    const live = await db().selectFrom('sync_rows').select(['entity', 'id']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance').where('deleted', '=', false).execute();
    const pulled = financeChanges(pages);
    expect(pulled.map((c) => `${c.entity}/${c.id}`).sort()).toEqual(live.map((r) => `${r.entity}/${r.id}`).sort());
    expect(new Set(pulled.map((c) => c.entity))).toEqual(new Set(['finance_contact', 'finance_document', 'fx_rate', 'inventory_month', 'finance_profile']));
    expect(pulled.find((c) => c.id === 'inv_b2')?.data).toMatchObject({ currency: 'USD', settlements: [{ amountMinor: 10_000, kind: 'payment' }] });
  });

  it('never sends finance rows to a station, even when it asks for the scope', async () => {
    const { pages, cursors } = await pullAll(app, station.credential, {});
    stationCursors = cursors;
    expect(financeChanges(pages)).toEqual([]);
    expect(Object.keys(cursors).sort()).toEqual(['catalog', 'site:site_a']);
    const asked = await pull(app, station.credential, { ...cursors, finance: null });
    expect(asked.status).toBe(200);
    expect(asked.data.leftScopes).toEqual(['finance']);
    expect(financeChanges([asked.data])).toEqual([]);
  });

  it('sends the workstation only what a new payment changed, and the station nothing', async () => {
    await db().insertInto('payments').values({ id: 'pay_b1', tenant_id: 'tnt_demo', invoice_id: 'inv_b1', paid_on: '2026-04-02', amount_minor: 40_000 }).execute();
    await db().updateTable('invoices').set({ amount_paid_minor: 40_000 }).where('id', '=', 'inv_b1').execute();
    expect(await refreshFinanceScope(db(), 'tnt_demo', { inventory: false })).toBe(2);
    const next = await pull(app, workstation.credential, workstationCursors);
    expect(next.data.changes.map((c) => [c.scope, c.entity, c.id])).toEqual([['finance', 'finance_document', 'inv_b1'], ['finance', 'finance_profile', 'profile']]);
    expect(next.data.changes[0]!.data).toMatchObject({ settlements: [{ on: '2026-04-02', amountMinor: 40_000, kind: 'payment', sourceId: null }] });
    const quiet = await pull(app, station.credential, stationCursors);
    expect(quiet.data.changes).toEqual([]);
  });
});

describe('devices enroll --kind (the CLI, on PostgreSQL)', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'finance-cli');
    await insertFixture(testDb.handle.db);
  });
  afterAll(() => testDb.cleanup());

  it('issues a finance workstation\'s code, and refuses a kind it does not know', async () => {
    const env = { DATABASE_URL: testDb.config.databaseUrl! };
    const issued = await runCliHere(['devices', 'enroll', '--site', 'site_a', '--kind', 'finance', '--json'], env);
    expect(issued.code).toBe(0);
    const { code, kind } = JSON.parse(issued.stdout) as { code: string; kind: string };
    expect(kind).toBe('finance');
    expect((await enrollDevice(testDb.handle.db, { code, name: 'Controller laptop' })).scopes).toEqual(['catalog', 'finance', 'site:site_a']);
    const refused = await runCliHere(['devices', 'enroll', '--site', 'site_a', '--kind', 'kiosk'], env);
    expect([refused.code, refused.stderr]).toEqual([1, 'capliquify: --kind must be station or finance (got "kiosk")\n']);
  });
});
