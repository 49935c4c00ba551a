import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../integration-error';
import { createVirtualClock } from './amazon-clock';
import { createLwaTokens } from './amazon-lwa';
import { startFakeAmazon, type FakeAmazon } from './fake-amazon.server';

// Contract tests of the Login with Amazon exchange against the fake token endpoint on loopback.
describe('Login with Amazon tokens', () => {
  const clock = createVirtualClock();
  let fake: FakeAmazon;
  const app = () => ({ tokenUrl: fake.tokenUrl, clientId: fake.clientId, clientSecret: fake.clientSecret });

  beforeAll(async () => { fake = await startFakeAmazon({ clock }); });
  afterAll(async () => { await fake?.close(); });

  async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    return error as IntegrationError;
  }

  it('refuses a wrong client secret as an auth failure that retrying cannot fix', async () => {
    const { refreshToken } = fake.addSeller();
    const lwa = createLwaTokens({ ...app(), clientSecret: 'not-the-secret' }, { clock });
    const error = await failure(lwa.accessToken({ key: 'int_a', refreshToken }));
    expect(error.failure).toBe('auth');
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain('not-the-secret');
  });

  it('refuses a revoked refresh token as an auth failure', async () => {
    const { refreshToken } = fake.addSeller();
    fake.revokeRefreshToken(refreshToken);
    const error = await failure(createLwaTokens(app(), { clock }).accessToken({ key: 'int_b', refreshToken }));
    expect(error.failure).toBe('auth');
    expect(error.message).toContain('invalid_grant');
    expect(error.message).not.toContain(refreshToken);
  });

  it('caches the access token until shortly before it expires, then exchanges once more', async () => {
    const { refreshToken } = fake.addSeller();
    const lwa = createLwaTokens(app(), { clock });
    const account = { key: 'int_c', refreshToken };
    const before = fake.stats().tokenExchanges;
    const first = await lwa.accessToken(account);
    expect(await lwa.accessToken(account)).toBe(first);
    clock.advance(58 * 60_000);
    expect(await lwa.accessToken(account)).toBe(first);
    expect(fake.stats().tokenExchanges - before).toBe(1);
    // Within the last minute of its hour: replaced before Amazon can refuse it.
    clock.advance(90_000);
    const second = await lwa.accessToken(account);
    expect(second).not.toBe(first);
    expect(await lwa.accessToken(account)).toBe(second);
    expect(fake.stats().tokenExchanges - before).toBe(2);
    expect(lwa.exchanges()).toBe(2);
  });

  it('lets concurrent callers share one exchange, also when replacing a refused token', async () => {
    const { refreshToken } = fake.addSeller();
    const lwa = createLwaTokens(app(), { clock });
    const account = { key: 'int_d', refreshToken };
    const tokens = await Promise.all(Array.from({ length: 10 }, () => lwa.accessToken(account)));
    expect(new Set(tokens).size).toBe(1);
    expect(lwa.exchanges()).toBe(1);
    const replaced = await Promise.all(Array.from({ length: 5 }, () => lwa.accessToken(account, { rejected: tokens[0] })));
    expect(new Set(replaced).size).toBe(1);
    expect(replaced[0]).not.toBe(tokens[0]);
    expect(lwa.exchanges()).toBe(2);
    // Someone else already replaced it: a late caller with the old refusal gets the new one.
    expect(await lwa.accessToken(account, { rejected: tokens[0] })).toBe(replaced[0]);
    expect(lwa.exchanges()).toBe(2);
  });

  it('keeps accounts apart and notices a new refresh token for the same account', async () => {
    const one = fake.addSeller();
    const two = fake.addSeller();
    const lwa = createLwaTokens(app(), { clock });
    const a = await lwa.accessToken({ key: 'int_e', refreshToken: one.refreshToken });
    const b = await lwa.accessToken({ key: 'int_f', refreshToken: two.refreshToken });
    expect(a).not.toBe(b);
    const reauthorised = await lwa.accessToken({ key: 'int_e', refreshToken: two.refreshToken });
    expect(reauthorised).not.toBe(a);
    expect(lwa.exchanges()).toBe(3);
  });

  it('reports an outage or a garbled answer as unavailable, worth retrying', async () => {
    const { refreshToken } = fake.addSeller();
    const lwa = createLwaTokens(app(), { clock });
    fake.fail('token', { kind: 'status', status: 503 });
    const outage = await failure(lwa.accessToken({ key: 'int_g', refreshToken }));
    expect([outage.failure, outage.permanent, outage.details.status]).toEqual(['unavailable', false, 503]);
    fake.fail('token', { kind: 'malformed' });
    const garbled = await failure(lwa.accessToken({ key: 'int_g', refreshToken }));
    expect([garbled.failure, garbled.permanent]).toEqual(['unavailable', false]);
    expect(await lwa.accessToken({ key: 'int_g', refreshToken })).toMatch(/^Atza\|/);
  });

  it('reports an unreachable endpoint as unavailable', async () => {
    const lwa = createLwaTokens({ ...app(), tokenUrl: 'http://127.0.0.1:1/auth/o2/token' }, { clock });
    const error = await failure(lwa.accessToken({ key: 'int_h', refreshToken: 'Atzr|x' }));
    expect(error.failure).toBe('unavailable');
  });
});
