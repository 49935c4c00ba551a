import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { readSealedSecret } from '../../security/integration-secrets.repo';
import { IntegrationError } from '../integration-error';
import { findIntegration, type Integration } from '../integrations.repo';
import { silentLogger } from '../../../test/logs';
import { REFRESH_GRACE_MS, REFRESH_TTL_MS } from './fake-xero.state';
import { createXeroDeltaSyncJob } from './xero-delta-sync.job';
import { startXeroWorld, type XeroWorld } from './test/xero-world';
import { refreshGrant } from './xero-oauth';
import { xeroAccessToken } from './xero-token.service';

const MINUTE = 60_000;

describe('Xero tokens against the fake identity server, on PostgreSQL', () => {
  let testDb: TestDatabase;
  let world: XeroWorld;
  let integration: Integration;
  const db = () => testDb.handle.db;
  const storedRefreshToken = async () => world.box.open((await readSealedSecret(db(), 'tnt_demo', `${world.grantOf(integration).grantId}:refresh_token`))!.sealed);
  const refreshCalls = () => world.fake.stats.tokenCalls.filter((c) => c.grantType === 'refresh_token');
  const token = () => xeroAccessToken(db(), world.rt, world.grantOf(integration));
  const failure = (call: Promise<unknown>) => call.then(() => null, (e: unknown) => e as IntegrationError);

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'xero-tokens');
    await insertFixture(db());
  });
  afterAll(async () => {
    await testDb?.cleanup();
  });
  beforeEach(async () => {
    world = await startXeroWorld(db());
    world.fake.addOrganisation('Demo Manufacturing Ltd');
    [integration] = await world.connect() as [Integration];
  });
  afterEach(async () => {
    await world.close();
  });

  it('uses the access token until shortly before its 30 minutes are up, then refreshes once', async () => {
    const first = await token();
    world.clock.advance(20 * MINUTE);
    expect(await token()).toBe(first);
    expect(refreshCalls()).toEqual([]);
    world.clock.advance(9 * MINUTE);
    const second = await token();
    expect(second).not.toBe(first);
    expect(await token()).toBe(second);
    expect(refreshCalls()).toHaveLength(1);
  });

  it('stores the rotated refresh token before handing out the new access token, and the old one dies after the grace period', async () => {
    const original = await storedRefreshToken();
    world.clock.advance(31 * MINUTE);
    await token();
    // By the time the caller holds the new access token, the database holds the new refresh token.
    const rotated = await storedRefreshToken();
    expect(rotated).not.toBe(original);
    expect(world.fake.refreshTokenState(original)?.rotatedAt).toBe(world.clock.now());
    expect(world.fake.refreshTokenState(rotated)?.rotatedAt).toBeNull();
    // Within the grace period Xero still honours the old token; after it, never again.
    world.clock.advance(REFRESH_GRACE_MS - MINUTE);
    await expect(refreshGrant(world.rt.app, original)).resolves.toMatchObject({ token_type: 'Bearer' });
    world.clock.advance(2 * MINUTE);
    expect(await failure(refreshGrant(world.rt.app, original))).toMatchObject({ failure: 'needs_reauth' });
  });

  it('recovers a refresh whose answer was lost after Xero rotated, by retrying with the same stored token', async () => {
    const original = await storedRefreshToken();
    world.clock.advance(31 * MINUTE);
    world.fake.fail({ kind: 'drop-token-response' });
    const access = await token();
    expect(refreshCalls().map((c) => [c.refreshToken === original, c.outcome])).toEqual([[true, 'dropped'], [true, 'ok']]);
    // The lost answer rotated the token in Xero; the retry, inside the grace period, was honoured.
    expect(world.fake.refreshTokenState(original)?.rotatedAt).not.toBeNull();
    const stored = await storedRefreshToken();
    expect(world.fake.refreshTokenState(stored)?.rotatedAt).toBeNull();
    expect(world.sleeps).toEqual([500]);
    expect(world.fake.grantFor(access)).not.toBeNull();
  });

  it('keeps the old refresh token when every retry is lost, so the next run inside the grace period still succeeds', async () => {
    const original = await storedRefreshToken();
    world.clock.advance(31 * MINUTE);
    world.fake.fail({ kind: 'drop-token-response' }, 3);
    expect(await failure(token())).toMatchObject({ failure: 'unavailable', permanent: false });
    expect(await storedRefreshToken()).toBe(original);
    world.clock.advance(10 * MINUTE);
    await expect(token()).resolves.toEqual(expect.any(String));
    expect(await storedRefreshToken()).not.toBe(original);
    expect((await findIntegration(db(), integration.id))?.status).toBe('active');
  });

  it('marks every organisation of a dead grant needs_reauth on invalid_grant', async () => {
    world.fake.addOrganisation('Second Org');
    const both = await world.connect('tnt_demo');
    expect(both).toHaveLength(2);
    world.fake.revokeGrants();
    world.clock.advance(31 * MINUTE);
    const error = await failure(xeroAccessToken(db(), world.rt, world.grantOf(both[0]!)));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ failure: 'needs_reauth', permanent: true });
    for (const one of both) {
      expect(await findIntegration(db(), one.id)).toMatchObject({ status: 'needs_reauth', last_error: expect.stringContaining('invalid_grant') });
    }
  });

  it('lets only one of two concurrent callers refresh; the other uses what it stored', async () => {
    world.clock.advance(31 * MINUTE);
    const tokens = await Promise.all([token(), token(), token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(refreshCalls()).toHaveLength(1);
  });

  it('lets two sync jobs of the organisation run at once with one refresh between them', async () => {
    world.clock.advance(31 * MINUTE);
    const job = createXeroDeltaSyncJob(() => world.rt);
    const ctx = (jobId: string) => ({ db: db(), log: silentLogger(), jobId, attempt: 1, progress: async () => {} });
    const input = { tenantId: 'tnt_demo', integrationId: integration.id };
    const results = await Promise.all([job.perform(input, ctx('a')), job.perform(input, ctx('b'))]);
    expect(results).toEqual([expect.objectContaining({ invoices: 0 }), expect.objectContaining({ invoices: 0 })]);
    expect(refreshCalls()).toHaveLength(1);
    expect(world.fake.stats.apiCalls.filter((c) => c.status === 200)).toHaveLength(6);
  });

  it('needs a person again once the refresh token went unused for 60 days', async () => {
    world.clock.advance(REFRESH_TTL_MS + MINUTE);
    expect(await failure(token())).toMatchObject({ failure: 'needs_reauth' });
    expect((await findIntegration(db(), integration.id))?.status).toBe('needs_reauth');
  });

  it('gets a new token when Xero refuses one that looks unexpired (revoked early)', async () => {
    const first = await token();
    world.fake.expireAccessTokens();
    const second = await xeroAccessToken(db(), world.rt, world.grantOf(integration), { rejected: first });
    expect(second).not.toBe(first);
    expect(refreshCalls()).toHaveLength(1);
  });

  it('never stores a token in the clear', async () => {
    const rows = await db().selectFrom('integration_secrets').select(['name', 'sealed']).where('tenant_id', '=', 'tnt_demo').execute();
    const grantId = world.grantOf(integration).grantId;
    expect(rows.map((r) => r.name).filter((n) => n.startsWith(grantId)).sort()).toEqual([`${grantId}:access_token`, `${grantId}:refresh_token`]);
    const plain = await storedRefreshToken();
    expect(rows.some((r) => r.sealed.includes(plain))).toBe(false);
  });
});
