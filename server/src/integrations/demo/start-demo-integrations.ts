import type { Kysely } from 'kysely';
import type { ServerConfig } from '../../config';
import type { Database } from '../../db/schema';
import { DEMO_SIGN_IN } from '../../domains/demo/demo-people';
import { DEMO_TENANT_ID } from '../../domains/demo/demo.types';
import { StartupError } from '../../errors/startup.error';
import { loadSecretBox } from '../../security/load-secret-box';
import type { SecretBox } from '../../security/secret-box';
import { setIntegrationStatus, type Integration } from '../integrations.repo';
import { connectAmazon } from '../amazon/amazon-admin.service';
import { startFakeAmazon, type FakeAmazon } from '../amazon/fake-amazon.server';
import { startFakeShopify, type FakeShopify } from '../shopify/fake-shopify.server';
import { connectShopifyStore } from '../shopify/shopify-stores.service';
import { startFakeUnleashed, type FakeUnleashed } from '../unleashed/fake-unleashed.server';
import { connectUnleashed } from '../unleashed/unleashed-connection.service';
import { startFakeXero, type FakeXero } from '../xero/fake-xero.server';
import { finishXeroConnect, startXeroConnect } from '../xero/xero-connect.service';
import { xeroRuntimeFrom } from '../xero/xero-runtime';
import {
  amazonInventory, amazonOrders, DEMO_MARKETPLACE, readDemoCatalogue, shopifyOrders, unleashedRecords, xeroRecords, type DemoCatalogue,
} from './demo-vendor-data';

// DEMO_INTEGRATIONS=fake: the four vendors' fake servers on loopback, holding a little data made
// from the demo catalogue, and the demo tenant connected to them the way an admin would connect
// the real ones, so the scheduled syncs have something to bring in. Demo credentials only.

const DEMO_SHOP = 'capliquify-demo.myshopify.com';
const SHOPIFY_TOKEN = 'shpat_capliquifydemo00000000000000000';
const SHOPIFY_LOCATION = '9001';
const AMAZON_APP = { clientId: 'amzn1.application-oa2-client.capliquify-demo', clientSecret: 'capliquify-demo-lwa-secret' };
const AMAZON_SELLER = 'A2CAPLIQUIFYDEMO';
const XERO_APP = { clientId: 'capliquify-demo-xero-client', clientSecret: 'capliquify-demo-xero-secret' };
// A fixed organisation id: each start reconnects the same Xero integration instead of adding one.
const XERO_ORG = { tenantId: 'de70de70-0000-4000-8000-000000000001', name: 'CapLiquify Demo Manufacturing (Xero)' };
const DEMO_ADMIN = DEMO_SIGN_IN.people.find((person) => person.role === 'admin')?.email ?? 'admin@demo.capliquify.test';
const UNLEASHED_ACCOUNT = { apiId: 'de70de70-0000-4000-8000-0000000000aa', apiKey: 'capliquify-demo-unleashed-api-key' };

export interface DemoIntegrations {
  /**
   * The server's environment for the vendors' apps: demo credentials and the fakes' endpoints.
   * The server must run with it (its integration jobs read their app settings from it).
   */
  env: Record<string, string>;
  ports: { shopify: number; amazon: number; unleashed: number; xero: number };
  /** `integrations: demo fakes on 127.0.0.1 (shopify :p, …)`, for the start script to print. */
  summary: string;
  /** Seeds the fakes from the demo catalogue and connects the demo tenant's integrations to them. */
  connect(db: Kysely<Database>, config: Pick<ServerConfig, 'secretKeys' | 'dataDir' | 'integrations'>): Promise<Integration[]>;
  /** Stops the four fakes. Idempotent. */
  close(): Promise<void>;
}

/** Starts the four fakes on 127.0.0.1 (any free ports); nothing is connected until `connect`. */
export async function startDemoIntegrations(): Promise<DemoIntegrations> {
  const started = await Promise.allSettled([
    startFakeShopify({ stores: [{ shop: DEMO_SHOP, accessToken: SHOPIFY_TOKEN }] }),
    startFakeAmazon(AMAZON_APP),
    startFakeUnleashed({ ...UNLEASHED_ACCOUNT }),
    // Real time, so the fake's per-minute limits and token lifetimes pass as they would at Xero.
    startFakeXero({ ...XERO_APP, clock: { now: () => Date.now(), advance: () => undefined, set: () => undefined } }),
  ] as const);
  const closers = started.flatMap((s) => (s.status === 'fulfilled' ? [() => s.value.close()] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(closers.map((close) => close()));
    throw new StartupError(`cannot start the demo integrations' fake servers (${String(failed.reason)})`, { cause: failed.reason });
  }
  const [shopify, amazon, unleashed, xero] = started.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [FakeShopify, FakeAmazon, FakeUnleashed, FakeXero];
  xero.addOrganisation(XERO_ORG.name, XERO_ORG.tenantId);
  const ports = { shopify: portOf(shopify.url), amazon: portOf(amazon.url), unleashed: portOf(unleashed.url), xero: portOf(xero.url) };
  let closing: Promise<void> | undefined;
  return {
    env: {
      SHOPIFY_WEBHOOK_SECRET: 'capliquify-demo-shopify-app-secret',
      AMAZON_LWA_CLIENT_ID: AMAZON_APP.clientId, AMAZON_LWA_CLIENT_SECRET: AMAZON_APP.clientSecret, AMAZON_LWA_TOKEN_URL: amazon.tokenUrl,
      XERO_CLIENT_ID: XERO_APP.clientId, XERO_CLIENT_SECRET: XERO_APP.clientSecret,
      XERO_LOGIN_URL: xero.url, XERO_IDENTITY_URL: xero.url, XERO_API_URL: xero.url,
    },
    ports,
    summary: `integrations: demo fakes on 127.0.0.1 (shopify :${ports.shopify}, amazon :${ports.amazon}, unleashed :${ports.unleashed}, xero :${ports.xero})`,
    async connect(db, config) {
      const catalogue = await demoCatalogue(db);
      const box = loadSecretBox(config);
      const actor = { tenantId: DEMO_TENANT_ID };
      const now = Date.now();

      const store = shopify.store(DEMO_SHOP);
      for (const order of shopifyOrders(catalogue, now)) store.putOrder(order);
      store.putLocation(SHOPIFY_LOCATION);
      catalogue.sold.forEach((item, i) => store.putInventory({
        inventoryItemId: String(8_000 + i), sku: item.sku, locationId: SHOPIFY_LOCATION, available: 12 + i * 5, updatedAt: new Date(now - 3_600_000).toISOString(),
      }));
      const shop = await active(db, await connectShopifyStore(db, box, { ...actor, shop: DEMO_SHOP, accessToken: store.accessToken, settings: { baseUrl: shopify.baseUrlFor(DEMO_SHOP) } }));

      const seller = amazon.addSeller({ sellerId: AMAZON_SELLER });
      amazon.putOrders(seller.sellerId, amazonOrders(catalogue, now));
      amazon.putInventory(seller.sellerId, DEMO_MARKETPLACE, amazonInventory(catalogue, now));
      const amazonAccount = await connectAmazon(db, box, actor, {
        name: 'Amazon.de (demo)', refreshToken: seller.refreshToken, settings: { endpoint: amazon.url, marketplaceIds: [DEMO_MARKETPLACE], feeRatePct: 15 },
      });

      for (const [endpoint, records] of Object.entries(unleashedRecords(catalogue, now))) unleashed.put(endpoint, ...records);
      const unleashedAccount = await active(db, await connectUnleashed(db, box, actor, { name: 'Unleashed (demo)', ...UNLEASHED_ACCOUNT, settings: { baseUrl: unleashed.url } }));

      const { contacts, invoices } = xeroRecords(catalogue, now);
      for (const contact of contacts) xero.put(XERO_ORG.tenantId, 'Contacts', contact);
      for (const invoice of invoices) xero.put(XERO_ORG.tenantId, 'Invoices', invoice);
      const organisations = await connectXero(db, box, xero, config.integrations.xero.redirectUri);
      return [shop, amazonAccount, unleashedAccount, ...organisations];
    },
    close: () => (closing ??= Promise.all([shopify.close(), amazon.close(), unleashed.close(), xero.close()]).then(() => undefined)),
  };
}

async function demoCatalogue(db: Kysely<Database>): Promise<DemoCatalogue> {
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', DEMO_TENANT_ID).executeTakeFirst();
  const catalogue = tenant ? await readDemoCatalogue(db) : null;
  if (!catalogue || catalogue.sold.length === 0) {
    throw new StartupError('DEMO_INTEGRATIONS=fake connects the demo company, which this database lacks: start with DEMO_DATA=small or full on an empty database');
  }
  return catalogue;
}

// A reconnect makes an account usable again, as an admin's would (a stopped demo may have left it paused or failing).
async function active(db: Kysely<Database>, integration: Integration): Promise<Integration> {
  if (integration.status !== 'active') await setIntegrationStatus(db, integration.id, 'active');
  return { ...integration, status: 'active' };
}

/** Xero's connect flow as the demo admin goes through it: consent at the fake, tokens stored per grant. */
async function connectXero(db: Kysely<Database>, box: SecretBox, xero: FakeXero, redirectUri: string): Promise<Integration[]> {
  const rt = xeroRuntimeFrom({ ...XERO_APP, identityUrl: xero.url, loginUrl: xero.url, apiUrl: xero.url, redirectUri }, () => box);
  const admin = await db.selectFrom('users').select('id')
    .where('tenant_id', '=', DEMO_TENANT_ID).where('email', '=', DEMO_ADMIN).where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!rt || !admin) throw new StartupError(`DEMO_INTEGRATIONS=fake connects Xero as ${DEMO_ADMIN}, who is not in this database`);
  const { url } = await startXeroConnect(db, rt, { tenantId: DEMO_TENANT_ID, userId: admin.id });
  const consent = await fetch(url, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '', redirectUri);
  return finishXeroConnect(db, rt, { code: back.searchParams.get('code') ?? undefined, state: back.searchParams.get('state') ?? undefined });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}
