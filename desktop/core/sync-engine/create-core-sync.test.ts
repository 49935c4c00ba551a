import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDesktopConfig } from '../config/load-desktop-config';
import { createCore } from '../create-core';
import { makeCatalog } from '../test/fake-catalog';
import { silentLogger } from '../test/silent-logger';
import { startFakeProtocolServer } from './test/fake-protocol-server';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const server = await startFakeProtocolServer(makeCatalog(8));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-core-sync-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => server.close());
  return { server, config: loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir }) };
}

describe('createCore with the sync engine', () => {
  it('enrols, records a movement through the local router optimistically, and confirms it on sync', async () => {
    const { server, config } = await setup();
    const core = await createCore(config, { logger: silentLogger, engine: 'sync', enrollWith: { code: server.state.issueCode('site-a'), name: 'Bench' } });
    cleanups.push(() => core.close());
    const caller = core.router.createCaller(core.createContext());
    expect(await caller.sync.now()).toMatchObject({ engine: 'sync', enrolled: true, connection: 'online', counts: { items: 8 } });

    const queued = await caller.commands.recordMovement({ siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0004', kind: 'receipt', quantity: 2.5 });
    expect(queued).toEqual({ mutationId: 1 });
    expect((await caller.items.get({ id: 'item-0004' })).stock.map((s) => `${s.locationCode}=${s.onHand}`)).toEqual(['A-01=4', 'A-02=2.5']);
    expect(await caller.sync.pendingRows()).toEqual([{ entity: 'stock_level', id: 'loc-a2|item-0004' }]);
    expect((await caller.sync.status()).pendingCount).toBe(1);
    expect((await caller.commands.locations()).map((l) => `${l.siteCode}/${l.code}`)).toEqual(['PLT1/A-01', 'PLT1/A-02']);
    expect((await caller.outbox.export()).commands).toHaveLength(1);
    await expect(caller.commands.recordMovement({ siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0004', kind: 'receipt', quantity: 0 })).rejects.toThrow(/zero/);

    // The header's status procedure serves the engine's status too.
    expect(await caller.status.get()).toMatchObject({ pendingCount: 1 });
    expect(await caller.sync.now()).toMatchObject({ pendingCount: 0, lastError: null });
    expect(await caller.sync.pendingRows()).toEqual([]);
    expect((await caller.items.get({ id: 'item-0004' })).item.onHand).toBe(6.5);
    expect(server.state.movements.size).toBe(1);
  });

  it('keeps queued work across a restart of the core while the server is down', async () => {
    const { server, config } = await setup();
    const core = await createCore(config, { logger: silentLogger, engine: 'sync', enrollWith: { code: server.state.issueCode('site-a'), name: 'Bench' } });
    const caller = core.router.createCaller(core.createContext());
    await caller.sync.now();
    await server.close();
    await caller.commands.recordMovement({ siteId: 'site-a', locationId: 'loc-a1', itemId: 'item-0001', kind: 'issue', quantity: 1 });
    expect(await caller.sync.now()).toMatchObject({ connection: 'offline', pendingCount: 1 });
    await core.close();

    const again = await createCore(config, { logger: silentLogger, engine: 'sync' });
    cleanups.push(() => again.close());
    const caller2 = again.router.createCaller(again.createContext());
    expect(await caller2.sync.status()).toMatchObject({ enrolled: true, pendingCount: 1 });
    expect((await caller2.items.get({ id: 'item-0001' })).item.onHand).toBe(0);
  });

  it('answers the engine’s procedures with a clear refusal while the snapshot path runs', async () => {
    const { config } = await setup();
    const core = await createCore(config, { logger: silentLogger });
    cleanups.push(() => core.close());
    const caller = core.router.createCaller(core.createContext());
    await expect(caller.sync.status()).rejects.toThrow(/snapshot sync/);
    await expect(caller.commands.recordMovement({ siteId: 'site-a', locationId: 'loc-a1', itemId: 'item-0001', kind: 'receipt', quantity: 1 })).rejects.toThrow(/snapshot sync/);
  });
});
