import { ErrorCode, itemsPageSchema, PROTOCOL_VERSION, SCHEMA_VERSION, sitesSnapshotSchema, stockPageSchema, type StockLevel } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';

const config = loadServerConfig({});

interface TrpcResponse {
  status: number;
  requestId: string;
  body: { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } };
}

async function query(app: FastifyInstance, path: string, input?: unknown, headers: Record<string, string> = {}): Promise<TrpcResponse> {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await app.inject({ url: `/trpc/${path}${qs}`, headers });
  return { status: res.statusCode, requestId: String(res.headers['x-request-id']), body: res.json() };
}

function data<T>(res: TrpcResponse): T {
  if (!res.body.result) throw new Error(`expected a result, got ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

describe.each(['postgres', 'pglite'] as const)('tRPC API on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'trpc');
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('answers NOT_FOUND with a clear message while no tenant exists', async () => {
    const res = await query(app, 'catalog.sites');
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toMatch(/No tenant exists yet/);
    expect(res.body.error?.data).toMatchObject({ code: ErrorCode.NotFound, requestId: res.requestId });
  });

  it('describes itself', async () => {
    const res = await query(app, 'system.info');
    expect(data(res)).toEqual({
      name: 'capliquify', version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      protocol: { min: 1, max: 1 }, schema: { min: 1, max: 1 }, database: kind,
    });
  });

  describe('with the fixture', () => {
    beforeAll(() => insertFixture(testDb.handle.db));

    it('lists the tenant’s sites and locations, and no other tenant’s', async () => {
      const snapshot = sitesSnapshotSchema.parse(data(await query(app, 'catalog.sites')));
      expect(snapshot).toEqual({
        sites: [{ id: 'site_a', code: 'PLANT-A', name: 'Plant A', kind: 'plant', timezone: 'Europe/Berlin' }],
        locations: [
          { id: 'loc_a1', siteId: 'site_a', code: 'A-01', name: 'Aisle 1' },
          { id: 'loc_a2', siteId: 'site_a', code: 'A-02', name: 'Aisle 2' },
        ],
      });
    });

    it('pages items by id with their barcodes', async () => {
      const first = itemsPageSchema.parse(data(await query(app, 'catalog.itemsPage', { limit: 1 })));
      expect(first.rows).toEqual([{
        id: 'itm_bolt', sku: 'BOLT-M8', name: 'Bolt M8', type: 'raw', category: 'parts', unit: 'ea',
        barcodes: ['4006381333931', '4006381333948'], costMinor: 12, currency: 'EUR',
        reorderPoint: 100.5, safetyStock: 40, leadTimeDays: 7, supplierId: null,
      }]);
      expect(first.nextAfter).toBe('itm_bolt');
      const second = itemsPageSchema.parse(data(await query(app, 'catalog.itemsPage', { after: first.nextAfter, limit: 1 })));
      expect(second.rows.map((r) => [r.id, r.barcodes])).toEqual([['itm_frame', []]]);
      expect(second.nextAfter).toBeNull();
    });

    it('derives on-hand from the ledger, skipping zero balances, across pages', async () => {
      const rows: StockLevel[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = stockPageSchema.parse(data(await query(app, 'inventory.stockPage', { after, limit: 2 })));
        rows.push(...page.rows);
        after = page.nextAfter;
        pages += 1;
      } while (after !== null && pages < 10);
      expect(pages).toBe(2);
      expect(rows).toEqual([
        { siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 200.5 },
        { siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_frame', onHand: 3 },
        { siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_bolt', onHand: 10 },
      ]);
    });

    it('refuses a forged stock cursor as a bad request', async () => {
      const res = await query(app, 'inventory.stockPage', { after: 'forged', limit: 2 });
      expect(res.status).toBe(400);
      expect(res.body.error?.data).toMatchObject({ code: ErrorCode.BadRequest, requestId: res.requestId });
    });
  });

  it('answers invalid input with VALIDATION_FAILED and the offending path', async () => {
    const res = await query(app, 'catalog.itemsPage', { limit: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error?.data).toMatchObject({
      code: ErrorCode.ValidationFailed,
      requestId: res.requestId,
      errors: [{ path: 'limit', message: expect.any(String) }],
    });
  });

  it('accepts the current versions and answers UPDATE_REQUIRED outside the range', async () => {
    const current = { 'x-capliquify-protocol': String(PROTOCOL_VERSION), 'x-capliquify-schema': String(SCHEMA_VERSION) };
    expect((await query(app, 'system.info', undefined, current)).status).toBe(200);
    const outside: Record<string, string>[] = [{ 'x-capliquify-protocol': '99' }, { 'x-capliquify-schema': '0' }, { 'x-capliquify-protocol': 'v2' }];
    for (const headers of outside) {
      const res = await query(app, 'system.info', undefined, headers);
      expect(res.status).toBe(412);
      expect(res.body.error?.message).toMatch(/Update required/);
      expect(res.body.error?.data).toMatchObject({
        code: ErrorCode.UpdateRequired, requestId: res.requestId,
        details: { supported: { protocol: { min: 1, max: 1 }, schema: { min: 1, max: 1 } } },
      });
    }
  });

  it('hides the internals of a failing procedure', async () => {
    const broken = await openTestDatabase(kind, 'trpc-broken');
    const brokenApp = await buildApp(config, { database: broken.handle, logger: silentLogger() });
    try {
      await broken.breakIt();
      const res = await query(brokenApp, 'catalog.sites');
      expect(res.status).toBe(500);
      expect(res.body.error?.message).toBe('Internal error');
      expect(res.body.error?.data).toEqual({ httpStatus: 500, path: 'catalog.sites', code: ErrorCode.Internal, requestId: res.requestId });
      expect(JSON.stringify(res.body)).not.toMatch(/stack|database|pool|closed/i);
    } finally {
      await brokenApp.close();
      await broken.cleanup();
    }
  });
});
