import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FINANCE_PROFILE_ID, SALES_OUTLOOK_ID, fxRateId, inventoryMonthId } from '@capliquify/shared';
import { AS_OF, contacts, documents, expected, fxRates, inventoryMonths } from '@capliquify/shared/finance/test/fixtures';
import { pdfPageTexts } from '@capliquify/shared/reports/test/pdf-text';
import { createLocalContext } from '../create-local-context';
import { createFinanceScenarios } from '../finance/finance-scenarios.service';
import { startHarness, type Harness } from '../sync-engine/test/engine-harness';
import { signInTestOperator } from '../test/test-operator';
import { localRouter } from './local-router';

// The Finance section as the renderer reaches it: the finance scope pulled from a (fake) sync
// server into the replica by the real engine, then read through the local router, online and off.
// The figures are the engine's hand-computed fixture (shared/src/finance/test/fixtures.ts).

let h: Harness;
let caller: ReturnType<typeof localRouter.createCaller>;

beforeEach(async () => {
  h = await startHarness();
  // A finance workstation: the server replicates the finance scope to it as well.
  for (const device of h.server.state.devices.values()) device.scopes.push('finance');
  caller = localRouter.createCaller(createLocalContext({ db: h.db, engine: h.engine, auth: h.transport, serverUrl: h.server.url, stationName: 'Finance desk', clock: { now: () => new Date() } }));
});
afterEach(() => h.close());

function publishFixture() {
  const put = h.server.state.put.bind(h.server.state);
  for (const c of contacts) put('finance', 'finance_contact', c.id, c);
  for (const d of documents) put('finance', 'finance_document', d.id, d);
  for (const r of fxRates) put('finance', 'fx_rate', fxRateId(r.currency, r.day), r);
  for (const m of inventoryMonths) put('finance', 'inventory_month', inventoryMonthId(m.itemId, m.month), m);
  put('finance', 'finance_profile', FINANCE_PROFILE_ID, { baseCurrency: 'GBP', asOf: `${AS_OF}T06:00:00.000Z` });
}

describe('finance.* on the local router', () => {
  it('says there is no finance data before the scope reached the station', async () => {
    await h.engine.syncNow();
    expect(await caller.finance.freshness()).toMatchObject({ hasData: false, dataAsOf: null, currencies: [] });
  });

  it('shows each ratio with its formula, numerator and denominator for 30, 90 and 365 days, as of the data’s day', async () => {
    publishFixture();
    await h.engine.syncNow();
    const overview = await caller.finance.overview({ periodDays: 90 });
    expect(overview).toMatchObject({ hasData: true, endOn: AS_OF, dataAsOf: `${AS_OF}T06:00:00.000Z`, baseCurrency: 'GBP', currencies: ['GBP', 'USD'] });
    expect(overview.periods.map((p) => p.periodDays)).toEqual([90, 30, 365]);
    const [ninety, thirty] = overview.periods;
    expect(ninety!.ratios.dso).toMatchObject({ formula: 'DSO = AR ÷ revenue × days', numeratorMinor: expected.receivables, denominatorMinor: expected.period90.revenue, days: 90 });
    expect(ninety!.ratios.dso.value).toBeCloseTo(expected.period90.dso, 9);
    expect(ninety!.ratios.dpo.value).toBe(expected.period90.dpo);
    expect(ninety!.ratios.dio.value).toBe(expected.period90.dio);
    expect(ninety!.ratios.ccc.value).toBeCloseTo(expected.period90.dio + expected.period90.dso - expected.period90.dpo, 9);
    expect(thirty!.ratios.dso.value).toBe(expected.period30.dso);
    expect(overview.aging.AR.totalMinor).toBe(expected.receivables);
    expect(overview.aging.AR.bars.map((b) => b.amountMinor)).toEqual(expected.arAgingDue.total);
    expect(overview.trend).toHaveLength(12);
    expect(overview.trend.at(-1)).toMatchObject({ endOn: AS_OF, dpo: expected.period90.dpo });
  });

  it('drills from DSO to a customer and to that customer’s open invoices, with the network down', async () => {
    publishFixture();
    await h.engine.syncNow();
    h.server.faults.offline = true;
    await h.engine.syncNow();
    expect(h.engine.status.get().connection).toBe('offline');

    const drill = await caller.finance.drill({ by: 'customer', periodDays: 90 });
    expect(drill.rows.map((r) => [r.id, r.numeratorMinor, r.denominatorMinor])).toEqual([['alpha', 120_000, 290_000], ['bravo', 62_500, 80_000], ['charlie', 30_000, 50_000]]);
    expect(drill.total).toBe(3);
    expect(drill.ratio.key).toBe('dso');
    const alpha = await caller.finance.contact({ contactId: 'alpha', periodDays: 90 });
    expect(alpha.line).toMatchObject({ id: 'alpha', numeratorMinor: 120_000 });
    // i2 open 1,400.00, credit note cn1 −200.00 unallocated, i1 paid but issued in the period.
    expect(alpha.rows.map((d) => [d.number, d.openMinor, d.inPeriod])).toEqual([['CN1', -20_000, true], ['I2', 140_000, true], ['I1', 0, true]]);
    expect((await caller.finance.freshness()).offline).toBe(true);
    // A search and a window: one row of three.
    expect((await caller.finance.drill({ by: 'customer', periodDays: 90, q: 'brav' })).rows.map((r) => r.id)).toEqual(['bravo']);
    expect(await caller.finance.drill({ by: 'customer', periodDays: 90, offset: 1, limit: 1 })).toMatchObject({ total: 3, offset: 1, rows: [{ id: 'bravo' }] });
  });

  it('filters by currency: only the documents in it, still in the base currency', async () => {
    publishFixture();
    await h.engine.syncNow();
    const usd = await caller.finance.overview({ periodDays: 90, currency: 'usd' });
    // i3: 1,000.00 USD at 1.60 on 31 March, revenue at 1.25 on 20 January.
    expect(usd.periods[0]!.totals).toMatchObject({ receivablesMinor: 62_500, revenueMinor: 80_000, payablesMinor: 0 });
    const aging = await caller.finance.aging({ ledger: 'AR', view: 'documents', currency: 'USD' });
    expect(aging.documents!.rows.map((r) => [r.number, r.contactName, r.bucket])).toEqual([['I3', 'Bravo Inc', '31-60']]);
  });

  it('filters by legal entity: only its documents, in every view and export, and refuses an entity it does not hold', async () => {
    const put = h.server.state.put.bind(h.server.state);
    for (const c of contacts) put('finance', 'finance_contact', c.id, c);
    // Bravo's books are the US company's; everything else the UK company's.
    for (const d of documents) put('finance', 'finance_document', d.id, { ...d, entityId: d.contactId === 'bravo' ? 'ent-us' : 'ent-uk' });
    for (const r of fxRates) put('finance', 'fx_rate', fxRateId(r.currency, r.day), r);
    for (const m of inventoryMonths) put('finance', 'inventory_month', inventoryMonthId(m.itemId, m.month), m);
    put('finance', 'finance_profile', FINANCE_PROFILE_ID, {
      baseCurrency: 'GBP', asOf: `${AS_OF}T06:00:00.000Z`, entities: [{ id: 'ent-uk', name: 'Fixture Ltd' }, { id: 'ent-us', name: 'Fixture Inc' }],
    });
    await h.engine.syncNow();
    expect((await caller.finance.freshness()).entities).toEqual([{ id: 'ent-uk', name: 'Fixture Ltd' }, { id: 'ent-us', name: 'Fixture Inc' }]);
    const us = await caller.finance.drill({ by: 'customer', periodDays: 90, entity: 'ent-us' });
    expect(us.rows.map((r) => [r.id, r.numeratorMinor])).toEqual([['bravo', 62_500]]);
    const uk = await caller.finance.overview({ periodDays: 90, entity: 'ent-uk' });
    expect(uk).toMatchObject({ entity: 'ent-uk' });
    expect(uk.periods[0]!.totals.receivablesMinor).toBe(expected.receivables - 62_500);
    const all = await caller.finance.overview({ periodDays: 90 });
    expect(all.periods[0]!.totals.receivablesMinor).toBe(expected.receivables);
    const csv = await caller.finance.export({ view: 'aging', format: 'csv', ledger: 'AR', entity: 'ent-us' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toContain('Bravo Inc');
    expect(text).not.toContain('Alpha Retail');
    const pdf = await caller.finance.export({ view: 'aging', format: 'pdf', ledger: 'AR', entity: 'ent-us' });
    expect((await pdfPageTexts(Buffer.from(pdf.base64, 'base64'))).flat().join(' ')).toContain('Only the documents of Fixture Inc');
    await expect(caller.finance.overview({ periodDays: 90, entity: 'ent-nowhere' })).rejects.toThrow('No legal entity "ent-nowhere" in the finance data');
  });

  it('plans the pulled open purchase orders and sales outlook in the cash forecast offline, and leaves them out on request', async () => {
    publishFixture();
    const put = h.server.state.put.bind(h.server.state);
    put('finance', 'planned_purchase', 'po-1', { id: 'po-1', number: 'PO-1', supplierId: null, expectedOn: '2026-04-02', payOn: '2026-04-16', amountMinor: 30_000, currency: 'GBP' });
    put('finance', 'planned_purchase', 'po-2', { id: 'po-2', number: 'PO-2', supplierId: null, expectedOn: '2026-04-02', payOn: '2026-04-16', amountMinor: 16_000, currency: 'USD' });
    put('finance', 'sales_outlook', SALES_OUTLOOK_ID, {
      runId: 'run-1', generatedAt: '2026-03-30T03:00:00.000Z', marginPct: 50, pricedItems: 3, unpricedItems: 0,
      weeks: [{ weekStart: '2026-04-06', revenueMinor: 200_000, lowMinor: 100_000, highMinor: 300_000 }],
    });
    await h.engine.syncNow();
    h.server.faults.offline = true;
    await h.engine.syncNow();

    // 160.00 USD at 1.60 is 100.00; the week of 6 April leaves 1,000.00 of margin.
    const cash = await caller.finance.cashForecast({ openingCashMinor: 0 });
    expect(cash.plan).toEqual({
      salesOutlook: { runId: 'run-1', generatedAt: '2026-03-30T03:00:00.000Z', marginPct: 50, pricedItems: 3, unpricedItems: 0 },
      openOrders: { count: 2, amountBaseMinor: 40_000 },
    });
    const sum = (c: typeof cash, key: 'plannedPurchasesMinor' | 'forecastSalesMinor') => c.weeks.reduce((a, w) => a + w[key], 0);
    expect(sum(cash, 'plannedPurchasesMinor')).toBe(40_000);
    expect(sum(cash, 'forecastSalesMinor') + cash.beyondHorizon.forecast_sales).toBe(100_000);
    const bare = await caller.finance.cashForecast({ openingCashMinor: 0, include: { salesOutlook: false, openOrders: false } });
    expect(bare.plan).toEqual({ salesOutlook: null, openOrders: { count: 0, amountBaseMinor: 0 } });
    expect(bare.weeks.at(-1)!.closingMinor - cash.weeks.at(-1)!.closingMinor).toBe(40_000 - sum(cash, 'forecastSalesMinor'));
    // In US dollars only: that order, and no outlook (it is in pounds).
    expect((await caller.finance.cashForecast({ openingCashMinor: 0, currency: 'USD' })).plan).toEqual({ salesOutlook: null, openOrders: { count: 1, amountBaseMinor: 10_000 } });
  });

  it('ages AR per contact and per document, by due or invoice date', async () => {
    publishFixture();
    await h.engine.syncNow();
    const contactsView = await caller.finance.aging({ ledger: 'AR', view: 'contacts' });
    expect(contactsView.contacts!.rows.map((c) => [c.contactId, c.buckets])).toEqual([
      ['alpha', expected.arAgingDue.alpha], ['bravo', expected.arAgingDue.bravo], ['charlie', expected.arAgingDue.charlie],
    ]);
    const byInvoice = await caller.finance.aging({ ledger: 'AR', basis: 'invoice', view: 'contacts' });
    expect(byInvoice.bars.map((b) => b.amountMinor)).toEqual(expected.arAgingInvoice);
    const ap = await caller.finance.aging({ ledger: 'AP', view: 'documents', contactId: 'steel', sort: 'amount' });
    expect(ap.documents!.rows.map((r) => [r.number, r.openMinor])).toEqual([['B1', 60_000], ['BC1', -5_000]]);
  });

  it('reads the new figures after a pull changed the finance scope', async () => {
    publishFixture();
    await h.engine.syncNow();
    expect((await caller.finance.overview({ periodDays: 90 })).periods[0]!.totals.receivablesMinor).toBe(212_500);
    // Bravo's invoice is settled on the server: the next pull drops it from AR.
    const i3 = documents.find((d) => d.id === 'i3')!;
    h.server.state.put('finance', 'finance_document', 'i3', { ...i3, status: 'PAID', settlements: [{ on: '2026-03-30', amountMinor: 100_000, kind: 'payment', sourceId: null }] });
    await h.engine.syncNow();
    expect((await caller.finance.overview({ periodDays: 90 })).periods[0]!.totals.receivablesMinor).toBe(212_500 - 62_500);
    h.server.state.remove('finance', 'finance_document', 'i5');
    await h.engine.syncNow();
    expect((await caller.finance.aging({ ledger: 'AR', view: 'documents' })).documents!.rows.map((r) => r.number)).not.toContain('I5');
  });

  it('runs scenarios here: no change reproduces the baseline, 10 days sooner releases cash', async () => {
    publishFixture();
    await h.engine.syncNow();
    const run = await caller.finance.scenarios.run({
      periodDays: 90, scenarios: [{ name: 'As is' }, { name: 'Collect sooner', customers: { all: { shiftDays: -10 } } }],
    });
    expect(run.results[0]!.projected).toEqual(run.baseline);
    expect(run.results[0]!.cashReleasedMinor.total).toBe(0);
    // Each customer's AR falls by its revenue ÷ 90 × 10: 290,000 → 32,222; 80,000 → 8,889; 50,000 → 5,556.
    expect(run.results[1]!.cashReleasedMinor.receivables).toBe(32_222 + 8_889 + 5_556);
    expect(run.results[1]!.changed.customers.map((l) => l.id)).toEqual(['alpha', 'bravo', 'charlie']);
    await expect(caller.finance.scenarios.run({ periodDays: 90, scenarios: [{ name: '' }] })).rejects.toThrow(/Scenario 1 is not valid: name/);
    expect((await caller.finance.scenarios.choices()).categories).toEqual(['finished', 'parts']);
  });

  it('keeps a scenario saved offline on the station, and says so', async () => {
    publishFixture();
    await h.engine.syncNow();
    // Signed in online earlier (the server's accounts know them), so the token is a real one.
    h.server.accounts.add({ email: 'fia@finance.test', password: 'pw', displayName: 'Fia', grants: [{ siteId: null, role: 'admin' }] });
    const { accessToken } = await h.transport.signIn({ email: 'fia@finance.test', password: 'pw' });
    const scenarios = createFinanceScenarios({ db: h.db, server: h.transport, accessToken: async () => accessToken! });
    caller = localRouter.createCaller({ ...createLocalContext({ db: h.db, engine: h.engine, auth: h.transport, serverUrl: h.server.url, stationName: 'Finance desk', clock: { now: () => new Date() } }), financeScenarios: scenarios });
    h.server.faults.offline = true;
    const saved = await caller.finance.scenarios.save({ scenario: { name: 'Tighter terms', customers: { all: { termsDays: 14 } } } });
    expect(saved).toMatchObject({ savedTo: 'station', scenario: { name: 'Tighter terms', origin: 'local' } });
    expect(saved.notice).toMatch(/^Kept on this station: the server is out of reach/);
    const list = await caller.finance.scenarios.list();
    expect(list).toMatchObject({ source: 'station', scenarios: [{ name: 'Tighter terms', origin: 'local' }] });
    expect(list.notice).toMatch(/^Offline/);
    await expect(caller.finance.scenarios.save({ scenario: { name: 'Tighter terms' } })).rejects.toThrow(/already exists/);
    await caller.finance.scenarios.delete({ id: saved.scenario.id });
    expect((await caller.finance.scenarios.list()).scenarios).toEqual([]);
  });

  it('lists the alerts and the invoices behind each', async () => {
    publishFixture();
    await h.engine.syncNow();
    const { anomalies } = await caller.finance.anomalies({});
    // Overdue AR on 31 March: i2 1,400.00 + i3 625.00 + i5 400.00.
    expect(anomalies.map((a) => [a.kind, a.measure.current])).toEqual([['overdue_spike', 242_500]]);
    const rows = await caller.finance.anomalyRows({ anomalyId: anomalies[0]!.id });
    expect(rows.documents.map((d) => [d.number, d.contactName, d.openBaseMinor, d.daysPastDue])).toEqual([
      ['I2', 'Alpha Retail', 140_000, 14], ['I3', 'Bravo Inc', 62_500, 40], ['I5', 'Charlie Shops', 40_000, 136],
    ]);
    await expect(caller.finance.anomalyRows({ anomalyId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is only for people who may see the company’s finances', async () => {
    publishFixture();
    await h.engine.syncNow();
    await signInTestOperator(h.db, 'Vic', { grants: [{ siteId: 'site-a', role: 'manager' }], mfa: false });
    const refused = await caller.finance.overview({ periodDays: 90 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^The Finance section is for people who may see the company’s finances\. You have no role across the whole organisation/) });
    await expect(caller.finance.overview({ periodDays: 90, endOn: '2026-02-30' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
