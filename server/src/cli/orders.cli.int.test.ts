import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { upsertIntegration } from '../integrations/integrations.repo';
import { applyOrders } from '../integrations/shopify/shopify-sync.service';

interface Listed { command: string; tenantId: string; more: boolean; orders: { number: string; channel: string; totalMinor: number; feesMinor: number; store: string }[] }

describe('capliquify orders (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-orders');
    const db = testDb.handle.db;
    await insertFixture(db);
    const store = await upsertIntegration(db, { tenantId: 'tnt_demo', vendor: 'shopify', name: 'north.myshopify.com', settings: {} });
    const order = (id: string, at: string) => ({
      id, name: `#${id}`, createdAt: at, updatedAt: at, cancelledAt: null, currency: 'JPY', totalPrice: '1200', financialStatus: 'paid', fulfillmentStatus: null, lineItems: [],
    });
    await applyOrders(db, store, { feeRatePct: '2.5', feeFixedMinor: 0 }, [order('1001', '2026-03-01T10:00:00Z'), order('1002', '2026-03-01T11:00:00Z')]);
    env = { DATABASE_URL: testDb.config.databaseUrl! };
  });
  afterAll(() => testDb.cleanup());

  it('lists channel orders newest first as JSON, limited and filtered by channel', async () => {
    const listed = await runCliHere(['orders', 'list', '--channel', 'shopify', '--limit', '1', '--json'], env);
    expect(listed.code).toBe(0);
    const out = JSON.parse(listed.stdout) as Listed;
    expect(out).toMatchObject({ command: 'orders list', tenantId: 'tnt_demo', more: true });
    expect(out.orders.map((o) => [o.number, o.channel, o.totalMinor, o.feesMinor, o.store])).toEqual([['#1002', 'shopify', 1_200, 30, 'north.myshopify.com']]);
    const amazon = JSON.parse((await runCliHere(['orders', 'list', '--channel', 'amazon', '--json'], env)).stdout) as Listed;
    expect(amazon.orders).toEqual([]);
  });

  it('prints a line per order for people, money in the currency\'s own units', async () => {
    const text = await runCliHere(['orders', 'list'], env);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    expect(text.stdout).toContain('#1002');
    expect(text.stdout).toContain('¥1,200');
  });

  it('refuses an unknown channel or action, and a bad limit', async () => {
    expect((await runCliHere(['orders', 'list', '--channel', 'ebay'], env)).stderr).toMatch(/--channel must be shopify or amazon/);
    expect((await runCliHere(['orders', 'list', '--limit', '0'], env)).code).toBe(1);
    expect((await runCliHere(['orders', 'show'], env)).stderr).toMatch(/orders needs list/);
  });
});
