import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import type { IntegrationError } from '../integration-error';
import type { Integration } from '../integrations.repo';
import type { FakeXeroOptions } from './fake-xero.state';
import { xeroContact, xeroInvoice } from './test/xero-records';
import { startXeroWorld, type XeroWorld } from './test/xero-world';
import { xeroSettingsOf } from './xero-integrations.repo';
import { xeroAccessToken } from './xero-token.service';
import { createXeroClient, type XeroClient } from './xero.client';
import { xeroInvoiceSchema } from './xero.schemas';

const MINUTE = 60_000;

describe('Xero client against the fake Xero, on PostgreSQL', () => {
  let testDb: TestDatabase;
  let world: XeroWorld;
  let org: string;
  let client: XeroClient;
  let integration: Integration;
  const db = () => testDb.handle.db;
  const failure = (call: Promise<unknown>) => call.then(() => null, (e: unknown) => e as IntegrationError);
  const invoicesCalls = () => world.fake.stats.apiCalls.filter((c) => c.resource === 'Invoices');

  async function setUp(options: Partial<FakeXeroOptions> = {}): Promise<void> {
    world = await startXeroWorld(db(), options);
    org = world.fake.addOrganisation('Demo Manufacturing Ltd').tenantId;
    [integration] = await world.connect() as [Integration];
    client = createXeroClient({
      rt: world.rt, xeroTenantId: xeroSettingsOf(integration).xeroTenantId,
      accessToken: (rejected) => xeroAccessToken(db(), world.rt, world.grantOf(integration), { rejected }),
    });
  }
  async function collect(since?: Date) {
    const pages = [];
    for await (const page of client.pages('Invoices', xeroInvoiceSchema, { since })) pages.push(page);
    return pages;
  }
  function seedInvoices(count: number): Record<string, unknown>[] {
    const contact = xeroContact();
    return Array.from({ length: count }, (_, i) => {
      const invoice = xeroInvoice(contact, { InvoiceNumber: `INV-${String(i).padStart(4, '0')}` });
      world.fake.put(org, 'Invoices', invoice, world.clock.now() - (count - i) * 1_000);
      return invoice;
    });
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'xero-client');
    await insertFixture(db());
  });
  afterAll(async () => {
    await testDb?.cleanup();
  });
  beforeEach(async () => {
    await setUp();
  });
  afterEach(async () => {
    await world.close();
  });

  it('walks every page of 100 with the organisation header, and reads the limits Xero reports', async () => {
    seedInvoices(250);
    const pages = await collect();
    expect(pages.map((p) => [p.page, p.pageCount, p.items.length])).toEqual([[1, 3, 100], [2, 3, 100], [3, 3, 50]]);
    expect(new Set(pages.flatMap((p) => p.items.map((i) => i.InvoiceNumber))).size).toBe(250);
    expect(invoicesCalls().map((c) => [c.page, c.tenantId, c.status])).toEqual([[1, org, 200], [2, org, 200], [3, org, 200]]);
    expect(client.limits).toEqual({ minuteRemaining: 57, dayRemaining: 4_997, appMinuteRemaining: 9_997 });
  });

  it('asks only for what changed since a time with If-Modified-Since', async () => {
    const invoices = seedInvoices(150);
    const since = new Date(world.clock.now());
    world.clock.advance(5 * MINUTE);
    world.fake.put(org, 'Invoices', { ...invoices[7], AmountPaid: 120, AmountDue: 0, Status: 'PAID' });
    const pages = await collect(since);
    expect(pages.flatMap((p) => p.items.map((i) => [i.InvoiceID, i.Status]))).toEqual([[invoices[7]!.InvoiceID, 'PAID']]);
    expect(invoicesCalls().map((c) => c.ifModifiedSince)).toEqual([since.toISOString().slice(0, 19)]);
  });

  it('waits out a 429’s Retry-After, and backs off when a 429 says nothing', async () => {
    seedInvoices(3);
    world.fake.fail({ kind: 'rate-limit', retryAfterSeconds: 7, problem: 'minute' });
    world.fake.fail({ kind: 'rate-limit', retryAfterSeconds: null, problem: 'concurrent' });
    const pages = await collect();
    expect(pages[0]!.items).toHaveLength(3);
    expect(world.sleeps).toEqual([7_000, 2_000]);
    expect(invoicesCalls().map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('keeps within 60 calls a minute by honouring the fake’s own minute limit', async () => {
    await world.close();
    await setUp({ minuteLimit: 3 });
    for (let i = 0; i < 5; i += 1) await client.get('/api.xro/2.0/Invoices', { page: '1' });
    const statuses = invoicesCalls().map((c) => c.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    // The one 429 asked us to wait for the rest of the minute; the clock moved exactly that much.
    expect(world.sleeps).toHaveLength(1);
    expect(world.sleeps[0]).toBeGreaterThan(0);
    expect(world.sleeps[0]).toBeLessThanOrEqual(MINUTE);
  });

  it('hands a long Retry-After back to the job runner as rate_limited', async () => {
    world.fake.fail({ kind: 'rate-limit', retryAfterSeconds: 600, problem: 'minute' });
    expect(await failure(collect())).toMatchObject({ failure: 'rate_limited', permanent: false, details: { status: 429, retryAfterMs: 600_000 } });
    expect(world.sleeps).toEqual([]);
  });

  it('stops at the daily limit with quota_spent and when it resets', async () => {
    await world.close();
    await setUp({ dayLimit: 2 });
    await client.get('/api.xro/2.0/Invoices', { page: '1' });
    expect(client.limits.dayRemaining).toBe(1);
    await client.get('/api.xro/2.0/Invoices', { page: '1' });
    expect(client.limits.dayRemaining).toBe(0);
    const error = await failure(client.get('/api.xro/2.0/Invoices', { page: '1' }));
    expect(error).toMatchObject({ failure: 'quota_spent', permanent: false });
    expect(error?.details.retryAfterMs).toBeGreaterThan(23 * 60 * MINUTE);
    expect(error?.details.retryAfterMs).toBeLessThanOrEqual(24 * 60 * MINUTE);
  });

  it('retries 5xx answers and gives up as unavailable after three', async () => {
    seedInvoices(2);
    world.fake.fail({ kind: 'server-error', status: 503 });
    expect((await collect())[0]!.items).toHaveLength(2);
    world.fake.fail({ kind: 'server-error', status: 500 }, 3);
    expect(await failure(collect())).toMatchObject({ failure: 'unavailable', permanent: false });
    expect(world.sleeps).toEqual([1_000, 1_000, 2_000]);
  });

  it('calls a malformed answer or record bad_payload, which no retry can fix', async () => {
    world.fake.fail({ kind: 'malformed' });
    expect(await failure(collect())).toMatchObject({ failure: 'bad_payload', permanent: true });
    world.fake.put(org, 'Invoices', { ...xeroInvoice(xeroContact()), Total: 'one hundred' });
    const error = await failure(collect());
    expect(error).toMatchObject({ failure: 'bad_payload', permanent: true });
    expect(error?.message).toContain('record 1: Total');
  });

  it('keeps at most 5 calls in flight to one organisation', async () => {
    await world.close();
    await setUp({ latencyMs: 200 });
    await Promise.all(Array.from({ length: 12 }, () => client.get('/api.xro/2.0/Contacts', { page: '1' })));
    expect(world.fake.stats.apiCalls.filter((c) => c.resource === 'Contacts').every((c) => c.status === 200)).toBe(true);
    expect(world.fake.maxInFlight(org)).toBe(5);
  });

  it('gets a new access token once when Xero refuses the current one, and refuses an organisation the grant does not reach', async () => {
    world.fake.expireAccessTokens();
    await client.get('/api.xro/2.0/Invoices', { page: '1' });
    expect(invoicesCalls().map((c) => c.status)).toEqual([401, 200]);
    const stranger = createXeroClient({ rt: world.rt, xeroTenantId: 'someone-else', accessToken: () => xeroAccessToken(db(), world.rt, world.grantOf(integration)) });
    expect(await failure(stranger.get('/api.xro/2.0/Invoices', { page: '1' }))).toMatchObject({ failure: 'auth', permanent: true, details: { status: 403 } });
  });
});
