import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import type { AgingReport, CashForecast, ScenarioProjection } from '@capliquify/shared/finance/index';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import type { SavedScenario } from '../../domains/working-capital/finance-scenarios.service';
import { refreshFinanceScope } from '../../domains/working-capital/finance-scope.service';
import { AS_OF, EXPECTED, insertFinanceFixture, REFRESHED_AT } from '../../domains/working-capital/test/finance-fixture';
import type { DrillAnswer, Freshness, WorkingCapitalSummary } from '../../domains/working-capital/working-capital.service';

// The figures below are worked out by hand in test/finance-fixture.ts.
const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
const PERIOD = { endOn: AS_OF, periodDays: 90 };
const DSO = (EXPECTED.receivablesMinor / EXPECTED.revenueMinor) * 90;
const DPO = (EXPECTED.payablesMinor / EXPECTED.cogsMinor) * 90;
const DIO = (EXPECTED.inventoryMinor / EXPECTED.cogsMinor) * 90;

describe.each(['postgres', 'pglite'] as const)('workingCapital.* on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let manager: Record<string, string>;
  let admin: Record<string, string>;
  const db = () => testDb.handle.db;

  async function bearer(tenantId: string, grants: RoleGrant[]): Promise<Record<string, string>> {
    const person = await insertPerson(db(), { tenantId, grants });
    const signInId = await insertSignIn(db(), person, null, { mfa: false });
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: false }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'working-capital-router');
    await insertFixture(db());
    await insertFinanceFixture(db());
    await refreshFinanceScope(db(), 'tnt_demo', { now: REFRESHED_AT });
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    manager = await bearer('tnt_demo', [{ siteId: null, role: 'manager' }]);
    admin = await bearer('tnt_demo', [{ siteId: null, role: 'admin' }]);
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it('summary: each ratio with its formula, numerator and denominator, CCC = DIO + DSO − DPO, and the trend', async () => {
    const res = await query<WorkingCapitalSummary>(app, 'workingCapital.summary', PERIOD, manager);
    expect(res.status).toBe(200);
    const { ratios, totals, trend } = res.data;
    expect(res.data).toMatchObject({ dataAsOf: REFRESHED_AT.toISOString(), baseCurrency: 'EUR', fxGaps: [] });
    expect(totals).toEqual({ ...EXPECTED, purchasesMinor: 90_000 });
    expect(ratios.dso).toMatchObject({ formula: 'DSO = AR ÷ revenue × days', numeratorMinor: 168_750, denominatorMinor: 255_000, days: 90, reason: null });
    expect(ratios.dso.value).toBeCloseTo(DSO, 9);
    expect(ratios.dpo.value).toBeCloseTo(DPO, 9);
    expect(ratios.dio.value).toBeCloseTo(DIO, 9);
    expect(ratios.ccc.value).toBeCloseTo(DIO + DSO - DPO, 9);
    expect(ratios).toMatchObject({ startOn: '2026-01-01', endOn: AS_OF, periodDays: 90 });
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)).toMatchObject({ endOn: AS_OF });
    expect(trend.at(-1)!.dso).toBeCloseTo(DSO, 9);
    expect(trend.at(-2)!.endOn).toBe('2026-02-28');
  });

  it('aging: AR in buckets by due date, foreign currency at the day\'s rate, credits negative', async () => {
    const res = await query<AgingReport & Freshness>(app, 'workingCapital.aging', { ledger: 'AR', asOf: AS_OF }, manager);
    expect(res.status).toBe(200);
    // current: INV-B2 187.50; 1–30: INV-A1 1,200 − CN-1 200 − PP-1 125; 31–60: INV-B1 625.
    expect(res.data.totals).toEqual({ buckets: [18_750, 87_500, 62_500, 0, 0], totalBaseMinor: 168_750 });
    expect(res.data.contacts.map((c) => [c.name, c.totalBaseMinor, c.byCurrency])).toEqual([
      ['Alpha Retail', 100_000, [{ currency: 'EUR', openMinor: 100_000 }]],
      ['Bravo Inc', 68_750, [{ currency: 'USD', openMinor: 110_000 }]],
    ]);
    expect(res.data.rows.map((r) => [r.number, r.bucket, r.openMinor, r.openBaseMinor])).toEqual([
      ['INV-B1', '31-60', 100_000, 62_500], ['INV-A1', '1-30', 120_000, 120_000], ['CN-1', '1-30', -20_000, -20_000], ['PP-1', '1-30', -20_000, -12_500], ['INV-B2', 'current', 30_000, 18_750],
    ]);
    const bravo = await query<AgingReport>(app, 'workingCapital.aging', { ledger: 'AR', asOf: AS_OF, contactId: 'cus_bravo' }, manager);
    expect(bravo.data.rows.map((r) => r.number)).toEqual(['INV-B1', 'PP-1', 'INV-B2']);
    const ap = await query<AgingReport>(app, 'workingCapital.aging', { ledger: 'AP', asOf: AS_OF }, manager);
    expect(ap.data.totals).toEqual({ buckets: [90_000, 0, 0, 0, 0], totalBaseMinor: 90_000 });
  });

  it('drill: DSO by customer, then one customer\'s invoices and credit notes', async () => {
    const byCustomer = await query<DrillAnswer>(app, 'workingCapital.drill', { ...PERIOD, by: 'customer' }, manager);
    expect(byCustomer.data.rows.map((r) => [r.id, r.numeratorMinor, r.denominatorMinor])).toEqual([['cus_alpha', 100_000, 150_000], ['cus_bravo', 68_750, 105_000]]);
    expect(byCustomer.data.rows[0]!.days).toBeCloseTo(60, 9);
    // Contributions add up to the company's DSO.
    expect(byCustomer.data.rows.reduce((sum, r) => sum + r.contributionDays!, 0)).toBeCloseTo(DSO, 9);
    const alpha = await query<DrillAnswer>(app, 'workingCapital.drill', { ...PERIOD, by: 'customer', contactId: 'cus_alpha' }, manager);
    expect(alpha.data.contact).toEqual({ id: 'cus_alpha', kind: 'customer', name: 'Alpha Retail', currency: 'EUR', paymentTermsDays: 30 });
    expect(alpha.data.documents!.map((d) => [d.number, d.openMinor, d.openBaseMinor, d.settledMinor, d.daysPastDue, d.inPeriod])).toEqual([
      ['CN-1', -20_000, -20_000, 30_000, 26, true],
      ['INV-A1', 120_000, 120_000, 80_000, 28, true],
    ]);
    const byItem = await query<DrillAnswer>(app, 'workingCapital.drill', { ...PERIOD, by: 'item' }, manager);
    expect(byItem.data.rows[0]).toMatchObject({ id: 'itm_gear', name: 'GEAR-1 Gear', category: 'gears', numeratorMinor: 15_000, denominatorMinor: 35_000 });
    const wrongKind = await query(app, 'workingCapital.drill', { ...PERIOD, by: 'customer', contactId: 'sup_steel' }, manager);
    expect([wrongKind.status, wrongKind.error?.data.code]).toEqual([404, ErrorCode.NotFound]);
    const itemContact = await query(app, 'workingCapital.drill', { ...PERIOD, by: 'item', contactId: 'cus_alpha' }, manager);
    expect([itemContact.status, itemContact.error?.data.code]).toEqual([400, ErrorCode.BadRequest]);
  });

  it('cashForecast: 13 weeks from the opening cash, the bill on its due week, and a band around the line', async () => {
    const res = await query<CashForecast & Freshness>(app, 'workingCapital.cashForecast', { asOf: AS_OF, openingCashMinor: 1_000_000 }, manager);
    expect(res.status).toBe(200);
    const { weeks } = res.data;
    expect(weeks).toHaveLength(13);
    expect(weeks[0]).toMatchObject({ weekStart: AS_OF, openingMinor: 1_000_000 });
    // BILL-S1 is due 30 April: 30 days after the as-of day, week 4.
    expect(weeks[4]!.payablesMinor).toBe(90_000);
    expect(weeks.at(-1)!.closingMinor).toBe(1_000_000 + weeks.reduce((sum, w) => sum + w.netMinor, 0));
    expect(weeks.every((w) => w.closingLowMinor <= w.closingHighMinor)).toBe(true);
  });

  it('anomalies: an answer that explains itself and names only rows that exist', async () => {
    const res = await query<Freshness & { asOf: string; anomalies: { explanation: string; rows: { kind: string; ids: string[] } }[] }>(app, 'workingCapital.anomalies', { asOf: AS_OF }, manager);
    expect(res.status).toBe(200);
    expect(res.data.asOf).toBe(AS_OF);
    const known = new Set(['inv_a1', 'inv_b1', 'inv_b2', 'bill_s1', 'cn1', 'pp1', 'cus_alpha', 'cus_bravo', 'sup_steel', 'itm_gear', 'itm_bolt', 'itm_frame']);
    for (const alert of res.data.anomalies) {
      expect(alert.explanation.length).toBeGreaterThan(10);
      expect(alert.rows.ids.filter((id) => !known.has(id))).toEqual([]);
    }
  });

  it('scenarios: an admin saves, a manager runs them side by side, a name is taken once, delete removes', async () => {
    const plan = { name: 'Collect faster', customers: { all: { shiftDays: -10 } } };
    expect((await mutate(app, 'workingCapital.scenarios.save', { scenario: plan }, manager)).status).toBe(403);
    const saved = await mutate<SavedScenario>(app, 'workingCapital.scenarios.save', { scenario: plan }, admin);
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ name: 'Collect faster', scenario: { version: 1, name: 'Collect faster', customers: { all: { shiftDays: -10 }, byContact: {} } } });
    const taken = await mutate(app, 'workingCapital.scenarios.save', { scenario: { name: 'Collect faster' } }, admin);
    expect([taken.status, taken.error?.data.code]).toEqual([409, ErrorCode.Conflict]);
    expect((await query<SavedScenario[]>(app, 'workingCapital.scenarios.list', undefined, manager)).data.map((s) => s.name)).toEqual(['Collect faster']);

    const run = await query<{ projections: ScenarioProjection[] }>(app, 'workingCapital.scenarios.run', { ...PERIOD, scenarioIds: [saved.data.id], scenarios: [{ name: 'As is' }] }, manager);
    expect(run.status).toBe(200);
    const [faster, asIs] = run.data.projections;
    // Ten days sooner: Alpha's AR falls by 1,500 × 10/90 = 166.67, Bravo's by 1,050 × 10/90 = 116.67.
    expect(faster!.cashReleasedMinor).toMatchObject({ receivables: 16_667 + 11_667, payables: 0, inventory: 0, total: 28_334 });
    expect(faster!.projected.dso.value).toBeCloseTo(((168_750 - 28_334) / 255_000) * 90, 9);
    expect(asIs!.projected).toEqual(asIs!.baseline);

    const renamed = await mutate<SavedScenario>(app, 'workingCapital.scenarios.save', { id: saved.data.id, scenario: { ...plan, name: 'Collect ten days sooner' } }, admin);
    expect(renamed.data).toMatchObject({ id: saved.data.id, name: 'Collect ten days sooner' });
    expect((await mutate(app, 'workingCapital.scenarios.delete', { id: saved.data.id }, admin)).data).toEqual({ id: saved.data.id, deleted: true });
    const gone = await query(app, 'workingCapital.scenarios.run', { ...PERIOD, scenarioIds: [saved.data.id] }, manager);
    expect([gone.status, gone.error?.data.code]).toEqual([404, ErrorCode.NotFound]);
    expect((await mutate(app, 'workingCapital.scenarios.delete', { id: saved.data.id }, admin)).status).toBe(404);
  });

  it('refuses viewers and one site\'s managers, shows another tenant only its own books, and explains bad input', async () => {
    expect((await query(app, 'workingCapital.summary', PERIOD)).status).toBe(401);
    expect((await query(app, 'workingCapital.summary', PERIOD, await bearer('tnt_demo', [{ siteId: null, role: 'viewer' }]))).status).toBe(403);
    expect((await query(app, 'workingCapital.summary', PERIOD, await bearer('tnt_demo', [{ siteId: 'site_a', role: 'manager' }]))).status).toBe(403);
    const stranger = await bearer('tnt_other', [{ siteId: null, role: 'admin' }]);
    const theirs = await query<AgingReport>(app, 'workingCapital.aging', { ledger: 'AR', asOf: AS_OF }, stranger);
    expect([theirs.status, theirs.data.rows, JSON.stringify(theirs.data).includes('Alpha')]).toEqual([200, [], false]);
    const badPeriod = await query(app, 'workingCapital.summary', { ...PERIOD, periodDays: 0 }, manager);
    expect([badPeriod.status, badPeriod.error?.data.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const badDay = await query(app, 'workingCapital.aging', { ledger: 'AR', asOf: '31/03/2026' }, manager);
    expect(badDay.status).toBe(400);
  });
});
