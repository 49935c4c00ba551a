import type { FinanceDocument } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { withTenantScope } from '../../db/tenant-scope';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { refreshFinanceScope } from './finance-scope.service';
import { workingCapitalCashForecast } from './working-capital.service';
import { insertFinanceFixture, REFRESHED_AT } from './test/finance-fixture';

describe.each(['postgres', 'pglite'] as const)('the finance scope on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;
  const rows = async (entity?: string) => {
    const found = await db().selectFrom('sync_rows').select(['entity', 'id', 'data', 'deleted']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance')
      .$if(entity !== undefined, (q) => q.where('entity', '=', entity!)).orderBy('entity').orderBy('id').execute();
    return found;
  };
  const doc = async (id: string) => (await rows('finance_document')).find((r) => r.id === id)?.data as FinanceDocument | undefined;
  const version = async () => (await db().selectFrom('sync_scopes').select('version').where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance').executeTakeFirst())?.version;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'finance-scope');
    await insertFixture(db());
  });
  afterAll(() => testDb.cleanup());

  it('leaves a tenant that keeps no books without a finance scope', async () => {
    expect(await refreshFinanceScope(db(), 'tnt_demo', { now: REFRESHED_AT })).toBe(0);
    expect(await version()).toBeUndefined();
    expect((await rebuildScopes(db(), 'tnt_demo')).changed).not.toHaveProperty('finance');
  });

  it('replicates contacts, documents with their settlements, rates, inventory months and the profile', async () => {
    await insertFinanceFixture(db());
    // 3 contacts, 4 invoices and bills, 2 credits, 2 rates, 3 items × 3 months, 1 profile.
    expect(await refreshFinanceScope(db(), 'tnt_demo', { now: REFRESHED_AT })).toBe(3 + 6 + 2 + 9 + 1);
    expect(await doc('inv_a1')).toEqual({
      id: 'inv_a1', type: 'ACCREC', contactId: 'cus_alpha', number: 'INV-A1', issuedOn: '2026-02-01', dueOn: '2026-03-03', currency: 'EUR',
      totalMinor: 200_000, status: 'AUTHORISED',
      settlements: [
        { on: '2026-03-10', amountMinor: 50_000, kind: 'payment', sourceId: null },
        { on: '2026-03-12', amountMinor: 30_000, kind: 'credit_note', sourceId: 'cn1' },
      ],
    });
    expect(await doc('inv_b2')).toMatchObject({ currency: 'USD', totalMinor: 40_000, settlements: [{ on: '2026-03-20', amountMinor: 10_000, kind: 'payment', sourceId: null }] });
    expect(await doc('cn1')).toMatchObject({ type: 'ACCRECCREDIT', issuedOn: '2026-03-05', dueOn: '2026-03-05', totalMinor: 50_000, settlements: [] });
    expect(await doc('pp1')).toMatchObject({ type: 'RECEIVE-PREPAYMENT', currency: 'USD', totalMinor: 20_000 });
    expect((await rows('finance_contact')).map((r) => r.data)).toEqual([
      { id: 'cus_alpha', kind: 'customer', name: 'Alpha Retail', currency: 'EUR', paymentTermsDays: 30 },
      { id: 'cus_bravo', kind: 'customer', name: 'Bravo Inc', currency: 'USD', paymentTermsDays: 30 },
      { id: 'sup_steel', kind: 'supplier', name: 'Steel Supply', currency: 'EUR', paymentTermsDays: 60 },
    ]);
    expect((await rows('fx_rate')).map((r) => [r.id, r.data])).toEqual([
      ['USD|2026-01-01', { currency: 'USD', day: '2026-01-01', perBase: 1.25 }],
      ['USD|2026-03-01', { currency: 'USD', day: '2026-03-01', perBase: 1.6 }],
    ]);
    expect((await rows('inventory_month')).find((r) => r.id === 'itm_gear|2026-02-01')?.data).toEqual({
      itemId: 'itm_gear', category: 'gears', month: '2026-02-01', closingQuantity: 60, closingValueMinor: 30_000, closingValueFifoMinor: 30_000,
      cogsMinor: 20_000, cogsFifoMinor: 20_000, outQuantity: 40,
    });
    expect((await rows('finance_profile')).map((r) => [r.id, r.data])).toEqual([['profile', { baseCurrency: 'EUR', asOf: REFRESHED_AT.toISOString() }]]);
  });

  it('never lets another tenant\'s books into the scope', async () => {
    const all = JSON.stringify(await rows());
    expect(all).not.toContain('secret');
    expect(all).not.toContain('777700');
  });

  it('changes nothing when run again the same day', async () => {
    const before = await version();
    expect(await refreshFinanceScope(db(), 'tnt_demo', { now: new Date('2026-03-31T23:00:00Z') })).toBe(0);
    expect(await version()).toBe(before);
    expect((await rows('finance_profile'))[0]!.data).toEqual({ baseCurrency: 'EUR', asOf: REFRESHED_AT.toISOString() });
  });

  it('rewrites only what a new payment changed, and moves the profile\'s asOf', async () => {
    await db().insertInto('payments').values({ id: 'pay_b1', tenant_id: 'tnt_demo', invoice_id: 'inv_b1', paid_on: '2026-04-02', amount_minor: 100_000 }).execute();
    await db().updateTable('invoices').set({ amount_paid_minor: 100_000, status: 'PAID', fully_paid_on: '2026-04-02' }).where('id', '=', 'inv_b1').execute();
    const before = Number(await version());
    const later = new Date('2026-04-02T09:00:00Z');
    // After a Xero sync: documents only, the months stay as valued.
    expect(await refreshFinanceScope(db(), 'tnt_demo', { inventory: false, now: later })).toBe(2);
    const changed = await db().selectFrom('sync_rows').select(['entity', 'id']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance')
      .where('version', '>', String(before)).orderBy('entity').orderBy('id').execute();
    expect(changed).toEqual([{ entity: 'finance_document', id: 'inv_b1' }, { entity: 'finance_profile', id: 'profile' }]);
    expect(await doc('inv_b1')).toMatchObject({ status: 'PAID', settlements: [{ on: '2026-04-02', amountMinor: 100_000, kind: 'payment', sourceId: null }] });
    expect((await rows('finance_profile'))[0]!.data).toEqual({ baseCurrency: 'EUR', asOf: later.toISOString() });
  });

  it('tombstones what vanished, and `sync rebuild` brings the scope in step', async () => {
    await db().deleteFrom('fx_rates').where('tenant_id', '=', 'tnt_demo').where('day', '=', '2026-01-01').execute();
    const { changed } = await rebuildScopes(db(), 'tnt_demo');
    // The rate goes, the profile moves; the months gain April (the rebuild values through today).
    expect(changed.finance).toBeGreaterThanOrEqual(2);
    expect((await rows('fx_rate')).map((r) => [r.id, r.deleted])).toEqual([['USD|2026-01-01', true], ['USD|2026-03-01', false]]);
    expect((await rebuildScopes(db(), 'tnt_demo')).changed).toEqual({});
  });

  it('names the legal entity of each document that has one, and lists the entities in use in the profile', async () => {
    await db().insertInto('legal_entities').values([
      { id: 'ent_uk', tenant_id: 'tnt_demo', name: 'Demo UK Ltd', integration_id: null },
      { id: 'ent_us', tenant_id: 'tnt_demo', name: 'Demo US Inc', integration_id: null },
      { id: 'ent_idle', tenant_id: 'tnt_demo', name: 'Dormant BV', integration_id: null },
    ]).execute();
    await db().updateTable('invoices').set({ entity_id: 'ent_us' }).where('tenant_id', '=', 'tnt_demo').where('currency', '=', 'USD').execute();
    await db().updateTable('finance_credits').set({ entity_id: 'ent_us' }).where('id', '=', 'pp1').execute();
    await db().updateTable('invoices').set({ entity_id: 'ent_uk' }).where('id', '=', 'inv_a1').execute();
    const now = new Date('2026-04-02T10:00:00Z');
    expect(await refreshFinanceScope(db(), 'tnt_demo', { inventory: false, now })).toBe(5);
    expect(await doc('inv_b1')).toMatchObject({ entityId: 'ent_us' });
    expect(await doc('pp1')).toMatchObject({ entityId: 'ent_us' });
    expect(await doc('inv_a1')).toMatchObject({ entityId: 'ent_uk' });
    expect(await doc('cn1')).not.toHaveProperty('entityId');
    // The entities some document names, by name; the dormant one is not offered.
    expect((await rows('finance_profile'))[0]!.data).toEqual({
      baseCurrency: 'EUR', asOf: now.toISOString(), entities: [{ id: 'ent_uk', name: 'Demo UK Ltd' }, { id: 'ent_us', name: 'Demo US Inc' }],
    });
    expect(await refreshFinanceScope(db(), 'tnt_demo', { inventory: false, now })).toBe(0);
  });

  it('keeps the finance tables to their tenant inside a tenant scope (row-level security)', async () => {
    await db().insertInto('finance_scenarios').values({ id: 'fsc_demo', tenant_id: 'tnt_demo', name: 'Demo plan', scenario: '{"name":"Demo plan"}', created_by: null }).execute();
    const seen = await withTenantScope(db(), 'tnt_other', async (trx) => ({
      rates: await trx.selectFrom('fx_rates').select('currency').execute(),
      credits: await trx.selectFrom('finance_credits').select('id').execute(),
      allocations: await trx.selectFrom('finance_allocations').select('id').execute(),
      scenarios: await trx.selectFrom('finance_scenarios').select('id').execute(),
    }));
    expect(seen).toEqual({ rates: [], credits: [], allocations: [], scenarios: [] });
    await expect(withTenantScope(db(), 'tnt_other', (trx) => trx.insertInto('fx_rates').values({ tenant_id: 'tnt_demo', currency: 'GBP', day: '2026-01-01', per_base: '0.8' }).execute()))
      .rejects.toThrow(/row-level security/);
    expect((await withTenantScope(db(), 'tnt_demo', (trx) => trx.selectFrom('finance_credits').select('id').orderBy('id').execute())).map((r) => r.id)).toEqual(['cn1', 'pp1']);
  });
  it('plans open purchase orders on their supplier\'s terms and prices the latest forecasts as a sales outlook', async () => {
    await db().insertInto('suppliers').values({ id: 'sup_other', tenant_id: 'tnt_other', name: 'Other supplier', payment_terms_days: 10, currency: 'USD' }).execute();
    const po = { site_id: 'site_a', ordered_on: '2026-03-20', received_on: null, status: 'open' as const };
    await db().insertInto('purchase_orders').values([
      { ...po, id: 'po_open', tenant_id: 'tnt_demo', supplier_id: 'sup_steel', number: 'PO-1', expected_on: '2026-04-10', currency: 'EUR' },
      { ...po, id: 'po_usd', tenant_id: 'tnt_demo', supplier_id: 'sup_steel', number: 'PO-2', expected_on: '2026-04-20', currency: 'USD' },
      { ...po, id: 'po_done', tenant_id: 'tnt_demo', supplier_id: 'sup_steel', number: 'PO-0', expected_on: '2026-03-25', currency: 'EUR', status: 'received', received_on: '2026-03-25' },
      { ...po, id: 'po_secret', tenant_id: 'tnt_other', supplier_id: 'sup_other', site_id: 'site_x', number: 'PO-X', expected_on: '2026-04-10', currency: 'USD' },
    ]).execute();
    await db().insertInto('purchase_order_lines').values([
      // 10 × 5.00 + 100 × 0.12 = 62.00; 4 × 10.00 USD; the received and the other tenant's orders are not planned.
      { tenant_id: 'tnt_demo', purchase_order_id: 'po_open', item_id: 'itm_gear', quantity: 10, unit_cost_minor: 500 },
      { tenant_id: 'tnt_demo', purchase_order_id: 'po_open', item_id: 'itm_bolt', quantity: 100, unit_cost_minor: 12 },
      { tenant_id: 'tnt_demo', purchase_order_id: 'po_usd', item_id: 'itm_gear', quantity: 4, unit_cost_minor: 1_000 },
      { tenant_id: 'tnt_demo', purchase_order_id: 'po_done', item_id: 'itm_gear', quantity: 50, unit_cost_minor: 500 },
      { tenant_id: 'tnt_other', purchase_order_id: 'po_secret', item_id: 'itm_secret', quantity: 1, unit_cost_minor: 777_700 },
    ]).execute();
    // Gears sold at 20.00 less 1.00 of fees in March (a sale two years back is outside the year read); frames never.
    const sale = { tenant_id: 'tnt_demo', site_id: 'site_a', item_id: 'itm_gear', channel: 'wholesale', promo: false, stockout: false };
    await db().insertInto('sales_daily').values([
      { ...sale, day: '2026-03-01', quantity: 10, revenue_minor: 20_000, fees_minor: 1_000 },
      { ...sale, day: '2026-03-08', quantity: 10, revenue_minor: 20_000, fees_minor: 1_000 },
      { ...sale, day: '2024-03-08', quantity: 10, revenue_minor: 90_000, fees_minor: 0 },
    ]).execute();
    await db().insertInto('forecast_runs').values({ id: 'run_1', tenant_id: 'tnt_demo', first_week: '2026-04-06', horizon: 2, history_weeks: 52, status: 'succeeded', finished_at: '2026-04-01T03:00:00Z' }).execute();
    const forecast = { tenant_id: 'tnt_demo', site_id: 'site_a', run_id: 'run_1', generated_at: '2026-04-01T03:00:00Z', history: '[]', weights: '{}', demand_class: 'smooth' };
    await db().insertInto('demand_forecasts').values([
      { ...forecast, item_id: 'itm_gear', points: JSON.stringify([{ period: '2026-04-06', yhat: 10, lo95: 6, hi95: 14 }, { period: '2026-04-13', yhat: 20, lo95: 12, hi95: 28 }]) },
      { ...forecast, item_id: 'itm_frame', points: JSON.stringify([{ period: '2026-04-06', yhat: 5, lo95: 1, hi95: 9 }]) },
    ]).execute();

    const now = new Date('2026-04-03T09:00:00Z');
    expect(await refreshFinanceScope(db(), 'tnt_demo', { inventory: false, now })).toBeGreaterThanOrEqual(3);
    expect((await rows('planned_purchase')).map((r) => r.data)).toEqual([
      { id: 'po_open', number: 'PO-1', supplierId: 'sup_steel', expectedOn: '2026-04-10', payOn: '2026-06-09', amountMinor: 6_200, currency: 'EUR' },
      { id: 'po_usd', number: 'PO-2', supplierId: 'sup_steel', expectedOn: '2026-04-20', payOn: '2026-06-19', amountMinor: 4_000, currency: 'USD' },
    ]);
    // 19.00 net a gear, 5.00 its cost: 10 then 20 gears; margin 30 × 14.00 ÷ (30 × 19.00) = 73.68%.
    expect((await rows('sales_outlook')).map((r) => [r.id, r.data])).toEqual([['sales-outlook', {
      runId: 'run_1', generatedAt: '2026-04-01T03:00:00.000Z', marginPct: 73.68, pricedItems: 1, unpricedItems: 1,
      weeks: [
        { weekStart: '2026-04-06', revenueMinor: 19_000, lowMinor: 11_400, highMinor: 26_600 },
        { weekStart: '2026-04-13', revenueMinor: 38_000, lowMinor: 22_800, highMinor: 53_200 },
      ],
    }]]);
    expect(await refreshFinanceScope(db(), 'tnt_demo', { inventory: false, now })).toBe(0);

    // The server's cash forecast takes both: 40.00 USD at 1.60 is 25.00.
    const cash = await workingCapitalCashForecast(db(), 'tnt_demo', { asOf: '2026-04-03', openingCashMinor: 0 });
    expect(cash.plan).toEqual({
      salesOutlook: { runId: 'run_1', generatedAt: '2026-04-01T03:00:00.000Z', marginPct: 73.68, pricedItems: 1, unpricedItems: 1 },
      openOrders: { count: 2, amountBaseMinor: 8_700 },
    });
    expect(cash.flows.filter((f) => f.kind === 'planned_purchase').map((f) => [f.sourceId, f.amountBaseMinor, f.expectedOn])).toEqual([['po_open', -6_200, '2026-06-09'], ['po_usd', -2_500, '2026-06-19']]);
    expect(cash.flows.filter((f) => f.kind === 'forecast_sales').map((f) => f.amountBaseMinor)).toEqual([13_999, 27_998]);
    const without = await workingCapitalCashForecast(db(), 'tnt_demo', { asOf: '2026-04-03', openingCashMinor: 0, include: { salesOutlook: false, openOrders: false } });
    expect(without.flows.some((f) => f.kind === 'forecast_sales' || f.kind === 'planned_purchase')).toBe(false);

    // A received order leaves the plan as a tombstone.
    await db().updateTable('purchase_orders').set({ status: 'received', received_on: '2026-04-10' }).where('id', '=', 'po_open').execute();
    await refreshFinanceScope(db(), 'tnt_demo', { inventory: false, now });
    expect((await rows('planned_purchase')).map((r) => [r.id, r.deleted])).toEqual([['po_open', true], ['po_usd', false]]);
  });
});
