import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import type { JobContext } from '../../jobs/job';
import { getCursor, setIntegrationStatus, type Integration } from '../integrations.repo';
import page from './fixtures/invoices-page.json';
import { xeroContact, xeroPayment } from './test/xero-records';
import { START, startXeroWorld, type XeroWorld } from './test/xero-world';
import { createXeroDeltaSyncJob } from './xero-delta-sync.job';
import { createXeroFullSyncJob } from './xero-full-sync.job';

const DAY = 24 * 3_600_000;
const [accrec, accpay, draft, voided] = page.Invoices as unknown as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

function jobContext(db: TestDatabase['handle']['db'], extra: Partial<JobContext> = {}): JobContext & { notes: string[] } {
  const notes: string[] = [];
  return { db, log: silentLogger(), jobId: 'test-job', attempt: 1, progress: async (_f, note) => { notes.push(note ?? ''); }, notes, ...extra };
}

describe.each(['postgres', 'pglite'] as const)('Xero sync into the books on %s', (kind) => {
  let testDb: TestDatabase;
  let world: XeroWorld;
  let integration: Integration;
  let org: string;
  const db = () => testDb.handle.db;
  const deltaJob = () => createXeroDeltaSyncJob(() => world.rt);
  const fullJob = () => createXeroFullSyncJob(() => world.rt);
  const input = () => ({ tenantId: 'tnt_demo', integrationId: integration.id });
  const invoice = (ref: unknown) => db().selectFrom('invoices').selectAll().where('external_ref', '=', String(ref)).executeTakeFirst();

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'xero-sync');
    await insertFixture(db());
    world = await startXeroWorld(db());
    org = world.fake.addOrganisation('Demo Manufacturing Ltd').tenantId;
    const at = (days: number) => START - days * DAY;
    world.fake.put(org, 'Contacts', xeroContact({
      ContactID: (accrec.Contact as { ContactID: string }).ContactID, Name: 'Ridgeway Cycles', PaymentTerms: { Sales: { Day: 14, Type: 'DAYSAFTERBILLDATE' } },
    }), at(30));
    world.fake.put(org, 'Contacts', xeroContact({
      ContactID: (accpay.Contact as { ContactID: string }).ContactID, Name: 'Nordic Steel AB', IsCustomer: false, IsSupplier: true, DefaultCurrency: 'SEK',
      PaymentTerms: { Bills: { Day: 20, Type: 'OFFOLLOWINGMONTH' } },
    }), at(30));
    for (const [index, record] of [accrec, accpay, draft, voided].entries()) world.fake.put(org, 'Invoices', record, at(10 - index));
    world.fake.put(org, 'Payments', xeroPayment(accrec, { Amount: 500, Date: accrec.Date }), at(5));
    world.fake.put(org, 'Payments', xeroPayment(accpay, { Amount: 3200 }), at(4));
    // A refund of a credit note settles no invoice.
    world.fake.put(org, 'Payments', xeroPayment(accrec, { PaymentType: 'ARCREDITPAYMENT', Invoice: undefined }), at(4));
    [integration] = await world.connect() as [Integration];
  });
  afterAll(async () => {
    await world?.close();
    await testDb?.cleanup();
  });

  it('brings in contacts, authorised invoices and bills, and their payments on the first full sync', async () => {
    const ctx = jobContext(db());
    const result = await fullJob().perform(input(), ctx);
    expect(result).toMatchObject({ contacts: 2, invoices: 2, payments: 2, skipped: 3 });
    const customer = await db().selectFrom('customers').selectAll().where('external_ref', '=', (accrec.Contact as { ContactID: string }).ContactID).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ tenant_id: 'tnt_demo', name: 'Ridgeway Cycles', payment_terms_days: 14, currency: 'EUR' });
    const supplier = await db().selectFrom('suppliers').selectAll().where('external_ref', '=', (accpay.Contact as { ContactID: string }).ContactID).executeTakeFirstOrThrow();
    expect(supplier).toMatchObject({ name: 'Nordic Steel AB', payment_terms_days: 35, currency: 'SEK' });
    expect(await invoice(accrec.InvoiceID)).toMatchObject({
      type: 'ACCREC', contact_id: customer.id, number: 'INV-0041', issued_on: '2026-01-02', due_on: '2026-02-01', status: 'AUTHORISED',
      total_minor: '115025', amount_paid_minor: '50000', fully_paid_on: null,
    });
    expect(await invoice(accpay.InvoiceID)).toMatchObject({ type: 'ACCPAY', contact_id: supplier.id, status: 'PAID', total_minor: '320000', fully_paid_on: '2026-01-15' });
    expect(await invoice(draft.InvoiceID)).toBeUndefined();
    expect(await invoice(voided.InvoiceID)).toBeUndefined();
    const payments = await db().selectFrom('payments').select(['amount_minor', 'paid_on']).where('external_ref', 'is not', null).orderBy('amount_minor').execute();
    expect(payments).toEqual([{ amount_minor: '50000', paid_on: '2026-01-02' }, { amount_minor: '320000', paid_on: '2026-02-20' }]);
    const runs = await db().selectFrom('integration_runs').select(['stream', 'status', 'items']).where('integration_id', '=', integration.id).orderBy('started_at').execute();
    expect(runs).toEqual([
      { stream: 'contacts', status: 'succeeded', items: 2 }, { stream: 'invoices', status: 'succeeded', items: 2 }, { stream: 'payments', status: 'succeeded', items: 2 },
    ]);
    expect(await getCursor(db(), integration.id, 'invoices')).toBe(new Date(START - 7 * DAY).toISOString());
    expect(ctx.notes).toEqual(['contacts: page 1 of 1', 'invoices: page 1 of 1', 'payments: page 1 of 1']);
  });

  it('replicates what it stored to the finance workstations: the invoice with its payment, the contacts', async () => {
    const finance = await db().selectFrom('sync_rows').select(['entity', 'id', 'data']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance').where('deleted', '=', false).execute();
    const stored = await invoice(accrec.InvoiceID);
    const document = finance.find((r) => r.entity === 'finance_document' && r.id === stored!.id);
    expect(document?.data).toMatchObject({
      number: 'INV-0041', totalMinor: 115_025, status: 'AUTHORISED', settlements: [{ on: '2026-01-02', amountMinor: 50_000, kind: 'payment', sourceId: null }],
    });
    expect(finance.filter((r) => r.entity === 'finance_contact').map((r) => (r.data as { name: string }).name).sort()).toEqual(['Nordic Steel AB', 'Ridgeway Cycles']);
    expect(finance.filter((r) => r.entity === 'finance_profile')).toHaveLength(1);
  });

  it('keeps the organisation\'s documents in the books of its own legal entity, named after it', async () => {
    const entity = await db().selectFrom('legal_entities').select(['id', 'name', 'integration_id']).where('tenant_id', '=', 'tnt_demo').executeTakeFirstOrThrow();
    expect(entity).toEqual({ id: `ent_${integration.id}`, name: 'Demo Manufacturing Ltd', integration_id: integration.id });
    expect((await invoice(accrec.InvoiceID))!.entity_id).toBe(entity.id);
    expect((await invoice(accpay.InvoiceID))!.entity_id).toBe(entity.id);
    const finance = await db().selectFrom('sync_rows').select(['entity', 'data']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance').where('deleted', '=', false).execute();
    expect(finance.filter((r) => r.entity === 'finance_document').every((r) => (r.data as { entityId?: string }).entityId === entity.id)).toBe(true);
    expect(finance.find((r) => r.entity === 'finance_profile')!.data).toMatchObject({ entities: [{ id: entity.id, name: 'Demo Manufacturing Ltd' }] });
  });

  it('asks only for what changed since the last sync, and applies payments, voids and deletions', async () => {
    const before = world.fake.stats.apiCalls.length;
    world.clock.advance(DAY);
    world.fake.put(org, 'Invoices', { ...accrec, Status: 'PAID', AmountPaid: 1150.25, AmountDue: 0, FullyPaidOnDate: '/Date(1772236800000+0000)/' });
    const settled = xeroPayment(accrec, { Amount: 650.25, Date: '/Date(1772236800000+0000)/' });
    world.fake.put(org, 'Payments', settled);
    world.clock.advance(1_000);
    world.fake.put(org, 'Invoices', { ...accpay, Status: 'VOIDED', AmountPaid: 0, AmountDue: 0 });
    const result = await deltaJob().perform(input(), jobContext(db()));
    const calls = world.fake.stats.apiCalls.slice(before);
    expect(calls.every((c) => c.ifModifiedSince !== null)).toBe(true);
    // Only the changed records come back, and those of the newest second already seen (If-Modified-Since
    // reads seconds): both contacts (stamped alike), the voided draft we never held (skipped), the bill's
    // payment and the credit refund (skipped).
    expect(result).toMatchObject({ contacts: 2, invoices: 2, payments: 2, skipped: 2 });
    expect(await invoice(accrec.InvoiceID)).toMatchObject({ status: 'PAID', amount_paid_minor: '115025', fully_paid_on: '2026-02-28' });
    expect(await invoice(accpay.InvoiceID)).toMatchObject({ status: 'VOIDED', amount_paid_minor: '0' });
    expect(await db().selectFrom('payments').select('amount_minor').where('external_ref', '=', String(settled.PaymentID)).executeTakeFirst()).toEqual({ amount_minor: '65025' });

    world.clock.advance(1_000);
    world.fake.put(org, 'Payments', { ...settled, Status: 'DELETED' });
    await deltaJob().perform(input(), jobContext(db()));
    expect(await db().selectFrom('payments').select('id').where('external_ref', '=', String(settled.PaymentID)).executeTakeFirst()).toBeUndefined();
  });

  it('records a malformed answer as the run’s error and fails the job for good', async () => {
    world.clock.advance(1_000);
    world.fake.fail({ kind: 'malformed' });
    const error = await deltaJob().perform(input(), jobContext(db())).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ failure: 'bad_payload', permanent: true });
    const last = await db().selectFrom('integration_runs').select(['stream', 'status', 'error']).where('integration_id', '=', integration.id)
      .orderBy('started_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toEqual({ stream: 'contacts', status: 'failed', error: expect.stringContaining('not JSON') });
  });

  it('fans the daily sync out over active organisations, queuing one job each when it can', async () => {
    const queued: unknown[] = [];
    const fanOut = await fullJob().perform({}, jobContext(db(), { enqueue: async (_job, one) => { queued.push(one); return `job-${queued.length}`; } }));
    expect(queued).toEqual([input()]);
    expect(fanOut).toEqual({ results: [{ integrationId: integration.id, jobId: 'job-1' }] });
    await setIntegrationStatus(db(), integration.id, 'paused');
    expect(await fullJob().perform({}, jobContext(db()))).toEqual({ results: [] });
    expect(await deltaJob().perform(input(), jobContext(db()))).toEqual({ skipped: 'paused' });
    await setIntegrationStatus(db(), integration.id, 'active');
    // Without a queue it syncs each organisation itself.
    expect(await fullJob().perform({}, jobContext(db()))).toEqual({ results: [{ integrationId: integration.id }] });
  });

  it('refuses an integration of another tenant or vendor, and input that is neither one organisation nor none', async () => {
    await expect(deltaJob().perform({ tenantId: 'tnt_other', integrationId: integration.id }, jobContext(db()))).rejects.toMatchObject({ permanent: true });
    expect(fullJob().input.safeParse({ integrationId: integration.id }).success).toBe(false);
    expect(deltaJob().input.safeParse({}).success).toBe(false);
  });
});
