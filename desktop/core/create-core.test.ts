import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDesktopConfig } from './config/load-desktop-config';
import { configuredEnrollment, createCore } from './create-core';
import { startFakeProtocolServer } from './sync-engine/test/fake-protocol-server';
import { makeCatalog } from './test/fake-catalog';
import { silentLogger } from './test/silent-logger';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(env: Record<string, string> = {}) {
  const server = await startFakeProtocolServer(makeCatalog(8));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-core-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => server.close());
  return { server, config: loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir, ...env }, 'press-line-3') };
}

const ANA = { email: 'ana@plant.test', password: 'correct horse', displayName: 'Ana', grants: [{ siteId: 'site-a', role: 'operator' as const }] };

describe('createCore', () => {
  it('enrols, signs Ana in, records a movement through the local router optimistically, and confirms it on sync', async () => {
    const { server, config } = await setup();
    const ana = server.accounts.add(ANA);
    const core = await createCore(config, { logger: silentLogger, enrollWith: { code: server.state.issueCode('site-a'), name: 'Bench' } });
    cleanups.push(() => core.close());
    const caller = core.router.createCaller(core.createContext());
    expect(await caller.sync.now()).toMatchObject({ enrolled: true, connection: 'online', counts: { items: 8 } });
    const receipt = { siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0004', kind: 'receipt' as const, quantity: 2.5 };
    await expect(caller.commands.recordMovement(receipt)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in to record this: no one is signed in at this station.' });
    expect((await caller.sync.status()).pendingCount).toBe(0);

    const { operator } = await caller.session.signIn({ email: ANA.email, password: ANA.password });
    expect(operator).toEqual({ userId: ana.userId, email: ANA.email, displayName: 'Ana', grants: ANA.grants, mfa: false, hasPin: false });
    // The server bound the sign-in to this station's device.
    expect([...server.accounts.signIns.values()]).toEqual([{ userId: ana.userId, deviceId: core.deviceId, mfa: false }]);
    expect(await caller.station.person()).toEqual({ name: 'Ana' });

    const queued = await caller.commands.recordMovement(receipt);
    expect(queued).toEqual({ mutationId: 1 });
    expect((await caller.items.get({ id: 'item-0004' })).stock.map((s) => `${s.locationCode}=${s.onHand}`)).toEqual(['A-01=4', 'A-02=2.5']);
    expect(await caller.sync.pendingRows()).toEqual([{ entity: 'stock_level', id: 'loc-a2|item-0004' }]);
    expect((await caller.sync.status()).pendingCount).toBe(1);
    expect((await caller.commands.locations()).map((l) => `${l.siteCode}/${l.code}`)).toEqual(['PLT1/A-01', 'PLT1/A-02']);
    expect((await caller.outbox.export()).commands).toHaveLength(1);
    await expect(caller.commands.recordMovement({ siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0004', kind: 'receipt', quantity: 0 })).rejects.toThrow(/zero/);

    expect(await caller.sync.now()).toMatchObject({ pendingCount: 0, lastError: null });
    expect(await caller.sync.pendingRows()).toEqual([]);
    expect((await caller.items.get({ id: 'item-0004' })).item.onHand).toBe(6.5);
    expect(server.state.movements.size).toBe(1);
    const [signInId] = server.accounts.signIns.keys();
    expect([...server.state.movementActors.values()]).toEqual([{ userId: ana.userId, signInId }]);
  });

  it('keeps queued work, who is signed in, and answers look-ups from the replica across a restart while the server is down', async () => {
    const { server, config } = await setup();
    server.accounts.add(ANA);
    const core = await createCore(config, { logger: silentLogger, enrollWith: { code: server.state.issueCode('site-a'), name: 'Bench' } });
    const caller = core.router.createCaller(core.createContext());
    await caller.sync.now();
    await caller.session.signIn({ email: ANA.email, password: ANA.password });
    await server.close();
    await caller.commands.recordMovement({ siteId: 'site-a', locationId: 'loc-a1', itemId: 'item-0001', kind: 'issue', quantity: 1 });
    expect(await caller.sync.now()).toMatchObject({ connection: 'offline', pendingCount: 1, lastError: expect.stringMatching(/Cannot reach/) });
    const deviceId = core.deviceId;
    await core.close();

    const again = await createCore(config, { logger: silentLogger });
    cleanups.push(() => again.close());
    expect(again.deviceId).toBe(deviceId);
    const caller2 = again.router.createCaller(again.createContext());
    expect(await caller2.sync.status()).toMatchObject({ enrolled: true, pendingCount: 1, lastSyncAt: expect.any(String), counts: { items: 8 } });
    expect((await caller2.session.current()).operator).toMatchObject({ displayName: 'Ana' });
    expect((await caller2.items.get({ id: 'item-0001' })).item.onHand).toBe(0);
    expect((await caller2.items.search({ q: 'widget 000', limit: 5, offset: 0 })).total).toBe(8);
    await expect(caller2.items.get({ id: 'nope' })).rejects.toThrow(/No item nope/);
  });

  it('waits for an enrolment from the screen, refuses a spent code in words, and syncs once enrolled', async () => {
    const { server, config } = await setup({ CAPLIQUIFY_STATION_NAME: 'Goods-in' });
    const core = await createCore(config, { logger: silentLogger, backoff: { initialMs: 5, maxMs: 20 } });
    cleanups.push(() => core.close());
    core.startSync();
    const caller = core.router.createCaller(core.createContext());
    expect(await caller.sync.status()).toMatchObject({ enrolled: false, counts: { items: 0 } });
    expect(await caller.sync.enrollDefaults()).toEqual({ name: 'Goods-in' });

    const code = server.state.issueCode('site-a');
    expect(await caller.sync.enroll({ code, name: 'Goods-in' })).toMatchObject({ siteId: 'site-a' });
    await expect(caller.sync.enroll({ code, name: 'Goods-in' })).rejects.toThrow('This code has expired or was already used (or was mistyped); ask an administrator for a new one.');
    await expect.poll(async () => (await caller.sync.status()).counts.items).toBe(8);
    expect(await caller.sync.status()).toMatchObject({ enrolled: true, lastError: null });
  });

  it('enrols at start with the code the station was configured with', async () => {
    const { server, config } = await setup();
    const code = server.state.issueCode('site-a');
    const configured = loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: config.serverUrl, CAPLIQUIFY_DESKTOP_DATA_DIR: config.dataDir, CAPLIQUIFY_ENROLLMENT_CODE: code }, 'press-line-3');
    expect(configuredEnrollment(configured)).toEqual({ code, name: 'press-line-3' });
    expect(configuredEnrollment(config)).toBeUndefined();
    const core = await createCore(configured, { logger: silentLogger, enrollWith: configuredEnrollment(configured) });
    cleanups.push(() => core.close());
    expect(core.status.get().enrolled).toBe(true);
    expect([...server.state.devices.values()].map((d) => d.siteId)).toEqual(['site-a']);
  });
});
