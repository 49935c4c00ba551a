import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalContext } from '../create-local-context';
import { fakeAuthenticatorCode } from '../sync-engine/test/fake-accounts';
import { startHarness, type Harness } from '../sync-engine/test/engine-harness';
import type { PortResponse } from '../transport/message-port-protocol';
import { serveOverMessagePort } from '../transport/serve-over-message-port';
import { localRouter } from './local-router';

// The session procedures as the renderer reaches them: over a MessagePort, errors shaped by the
// router's error formatter, against the fake server's `auth.signIn` over HTTP.

let h: Harness;
let port: MessagePort;
let nextId = 1;
beforeEach(async () => {
  h = await startHarness({ operator: false });
  const { port1, port2 } = new MessageChannel();
  port = port1;
  const context = createLocalContext({ db: h.db, engine: h.engine, auth: h.transport, serverUrl: h.server.url, stationName: 'Goods-in', clock: { now: () => new Date() } });
  serveOverMessagePort(port2, localRouter, () => context);
  h.server.accounts.add({ userId: 'usr-ana', email: 'ana@plant.test', password: 'correct horse', displayName: 'Ana', grants: [{ siteId: 'site-a', role: 'operator' }] });
  h.server.accounts.add({ userId: 'usr-mia', email: 'mia@plant.test', password: 'battery staple', displayName: 'Mia', grants: [{ siteId: null, role: 'manager' }], totpCode: '492039' });
});
afterEach(async () => {
  port.close();
  await h.close();
});

function call(path: string, type: 'query' | 'mutation', input?: unknown): Promise<PortResponse> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (response: PortResponse) => {
      if (response.id !== id) return;
      port.off('message', onMessage);
      resolve(response);
    };
    port.on('message', onMessage);
    port.postMessage({ id, path, type, input });
  });
}
const ok = async (path: string, type: 'query' | 'mutation', input?: unknown) => {
  const response = await call(path, type, input);
  if ('error' in response) throw new Error(`${path} failed: ${response.error.message}`);
  return response.result.data;
};
const refused = async (path: string, input?: unknown) => {
  const response = await call(path, 'mutation', input);
  if (!('error' in response)) throw new Error(`${path} answered instead of refusing`);
  return { message: response.error.message, ...response.error.data };
};

describe('session procedures over the MessagePort', () => {
  it('signs in online, keeps the person known, and says who is at the station', async () => {
    expect(await ok('session.current', 'query')).toEqual({ operator: null, knownOperators: [] });
    expect(await ok('station.person', 'query')).toEqual({ name: null });
    const ana = { userId: 'usr-ana', email: 'ana@plant.test', displayName: 'Ana', grants: [{ siteId: 'site-a', role: 'operator' }], mfa: false, hasPin: false };
    expect(await ok('session.signIn', 'mutation', { email: 'Ana@Plant.test ', password: 'correct horse' })).toEqual({ operator: ana });
    expect(await ok('station.person', 'query')).toEqual({ name: 'Ana' });
    expect(await ok('session.setPin', 'mutation', { pin: '2580' })).toEqual({ ok: true });
    expect(await ok('session.signOut', 'mutation')).toEqual({ ok: true });
    expect(await ok('session.current', 'query')).toEqual({
      operator: null, knownOperators: [{ userId: 'usr-ana', displayName: 'Ana', email: 'ana@plant.test', hasPin: true, pinLockedForSeconds: null }],
    });
    expect(await ok('session.unlockWithPin', 'mutation', { userId: 'usr-ana', pin: '2580' })).toEqual({ operator: { ...ana, hasPin: true } });
    expect(await ok('session.forget', 'mutation', { userId: 'usr-ana' })).toEqual({ ok: true });
    expect(await ok('session.current', 'query')).toEqual({ operator: null, knownOperators: [] });
  });

  it('passes the server’s refusals on with their codes: wrong password, second factor, locked account', async () => {
    expect(await refused('session.signIn', { email: 'ana@plant.test', password: 'wrong' })).toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
    expect(await refused('session.signIn', { email: 'mia@plant.test', password: 'battery staple', totpCode: '' })).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
    expect(await ok('session.signIn', 'mutation', { email: 'mia@plant.test', password: 'battery staple', totpCode: '492039' })).toMatchObject({ operator: { displayName: 'Mia', mfa: true } });
    h.server.accounts.add({ userId: 'usr-lou', email: 'lou@plant.test', password: 'x', displayName: 'Lou', grants: [], lockedForSeconds: 840 });
    expect(await refused('session.signIn', { email: 'lou@plant.test', password: 'x' })).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 840 });
  });

  it('says OFFLINE when the server cannot be reached, pointing to the PIN of someone who has one', async () => {
    await ok('session.signIn', 'mutation', { email: 'ana@plant.test', password: 'correct horse' });
    await ok('session.setPin', 'mutation', { pin: '2580' });
    h.server.faults.offline = true;
    expect(await refused('session.signIn', { email: 'ana@plant.test', password: 'correct horse' })).toMatchObject({ code: 'OFFLINE', message: 'You are offline: sign in with your PIN.' });
    expect(await refused('session.signIn', { email: 'mia@plant.test', password: 'battery staple' })).toMatchObject({ code: 'OFFLINE', message: 'You are offline: the first sign-in on this station needs the server.' });
  });

  it('counts wrong PINs down and then locks, with the seconds to wait', async () => {
    await ok('session.signIn', 'mutation', { email: 'ana@plant.test', password: 'correct horse' });
    expect(await refused('session.setPin', { pin: '1234' })).toMatchObject({ code: 'BAD_REQUEST', message: 'A PIN of digits in a row (like 1234 or 9876) is too easy to guess.' });
    await ok('session.setPin', 'mutation', { pin: '2580' });
    await ok('session.signOut', 'mutation');
    expect(await refused('session.unlockWithPin', { userId: 'usr-ana', pin: '9999' })).toMatchObject({ code: 'UNAUTHORIZED', attemptsLeft: 4, message: 'Wrong PIN: 4 tries left before it locks.' });
    for (let i = 0; i < 3; i++) await refused('session.unlockWithPin', { userId: 'usr-ana', pin: '9999' });
    expect(await refused('session.unlockWithPin', { userId: 'usr-ana', pin: '9999' })).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 300 });
    // An online sign-in proves the password: the PIN lock is lifted.
    await ok('session.signIn', 'mutation', { email: 'ana@plant.test', password: 'correct horse' });
    expect(await ok('session.current', 'query')).toMatchObject({ knownOperators: [{ userId: 'usr-ana', hasPin: true, pinLockedForSeconds: null }] });
  });

  it('refuses a command with no one signed in as UNAUTHORIZED, queuing nothing', async () => {
    const receipt = { siteId: 'site-a', locationId: 'loc-a1', itemId: 'item-0001', kind: 'receipt', quantity: 1 };
    expect(await refused('commands.recordMovement', receipt)).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in to record this: no one is signed in at this station.' });
    expect(await ok('sync.status', 'query')).toMatchObject({ pendingCount: 0 });
  });
});

describe('enrolling an authenticator for the person at the station', () => {
  it('gives the secret, refuses a wrong code, and once confirmed the next sign-in needs a code and counts as second factor', async () => {
    expect(await refused('session.beginAuthenticator')).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in first: no one is signed in at this station.' });
    await ok('session.signIn', 'mutation', { email: 'ana@plant.test', password: 'correct horse' });
    const { secret, otpauthUri } = await ok('session.beginAuthenticator', 'mutation') as { secret: string; otpauthUri: string };
    expect(otpauthUri).toContain(`secret=${secret}`);
    const code = fakeAuthenticatorCode(secret);
    const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(await refused('session.confirmAuthenticator', { code: '12 34' })).toMatchObject({ code: 'BAD_REQUEST', message: 'Type the 6-digit code your authenticator app shows.' });
    expect(await refused('session.confirmAuthenticator', { code: wrong })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('That code is not right') });
    expect(await ok('session.confirmAuthenticator', 'mutation', { code: ` ${code.slice(0, 3)} ${code.slice(3)} ` })).toEqual({ totpEnabled: true });
    // The sign-in in use was made without it: still no second factor until Ana signs in again.
    expect(await ok('session.current', 'query')).toMatchObject({ operator: { displayName: 'Ana', mfa: false } });
    expect(await refused('session.beginAuthenticator')).toMatchObject({ code: 'AUTHENTICATOR_EXISTS', message: expect.stringContaining('sign in again with its code') });

    await ok('session.signOut', 'mutation');
    expect(await refused('session.signIn', { email: 'ana@plant.test', password: 'correct horse' })).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
    expect(await ok('session.signIn', 'mutation', { email: 'ana@plant.test', password: 'correct horse', totpCode: code })).toMatchObject({ operator: { mfa: true } });
  });

  it('says OFFLINE when the server cannot be reached', async () => {
    await ok('session.signIn', 'mutation', { email: 'ana@plant.test', password: 'correct horse' });
    h.server.faults.offline = true;
    expect(await refused('session.beginAuthenticator')).toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/^You are offline: setting up an authenticator needs the server/) });
    expect(await refused('session.confirmAuthenticator', { code: '123456' })).toMatchObject({ code: 'OFFLINE' });
  });
});
