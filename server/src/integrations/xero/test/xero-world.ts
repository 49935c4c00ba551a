import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { createSecretBox, type SecretBox } from '../../../security/secret-box';
import { insertPerson } from '../../../../test/people';
import type { Integration } from '../../integrations.repo';
import { startFakeXero, type FakeXero } from '../fake-xero.server';
import { fakeClock, type FakeClock, type FakeXeroOptions } from '../fake-xero.state';
import { finishXeroConnect, startXeroConnect } from '../xero-connect.service';
import type { XeroGrant } from '../xero-grant.repo';
import { xeroSettingsOf } from '../xero-integrations.repo';
import type { XeroRuntime } from '../xero-runtime';

export const XERO_TEST_APP = { clientId: 'xero-test-client-id', clientSecret: 'xero-test-client-secret' };
export const XERO_REDIRECT_URI = 'https://capliquify.test/integrations/xero/callback';
export const START = Date.parse('2026-03-02T09:00:00Z');

/** The environment that points a server's Xero at the fake. */
export function xeroEnv(fake: FakeXero): Record<string, string> {
  return {
    XERO_CLIENT_ID: XERO_TEST_APP.clientId, XERO_CLIENT_SECRET: XERO_TEST_APP.clientSecret,
    XERO_LOGIN_URL: fake.url, XERO_IDENTITY_URL: fake.url, XERO_API_URL: fake.url, XERO_REDIRECT_URI,
  };
}

export interface XeroWorld {
  fake: FakeXero;
  clock: FakeClock;
  rt: XeroRuntime;
  box: SecretBox;
  /** Every wait the client and the token service asked for, in order (each also moves the clock). */
  sleeps: number[];
  /** An admin of `tenantId` connects Xero through the consent page, choosing `organisations` (all by default). */
  connect(tenantId?: string, organisations?: string[]): Promise<Integration[]>;
  grantOf(integration: Integration): XeroGrant;
  close(): Promise<void>;
}

/**
 * A fake Xero on loopback and a runtime pointed at it, on the fake's clock: waits move the clock
 * instead of the test waiting.
 */
export async function startXeroWorld(db: Kysely<Database>, options: Partial<FakeXeroOptions> = {}): Promise<XeroWorld> {
  const clock = options.clock ?? fakeClock(START);
  const fake = await startFakeXero({ ...XERO_TEST_APP, clock, ...options });
  const box = createSecretBox([{ id: 'test', key: randomBytes(32) }]);
  const sleeps: number[] = [];
  const rt: XeroRuntime = {
    app: { ...XERO_TEST_APP, identityUrl: fake.url, loginUrl: fake.url, apiUrl: fake.url, redirectUri: XERO_REDIRECT_URI },
    secretBox: () => box,
    now: () => new Date(clock.now()),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    maxWaitMs: 60_000,
  };
  return {
    fake, clock, rt, box, sleeps,
    async connect(tenantId = 'tnt_demo', organisations) {
      const admin = await insertPerson(db, { tenantId });
      fake.consent = { tenants: organisations };
      const { url } = await startXeroConnect(db, rt, { tenantId, userId: admin.userId });
      const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
      return finishXeroConnect(db, rt, { code: back.searchParams.get('code') ?? undefined, state: back.searchParams.get('state') ?? undefined });
    },
    grantOf: (integration) => ({ tenantId: integration.tenant_id, grantId: xeroSettingsOf(integration).grantId }),
    close: () => fake.close(),
  };
}
