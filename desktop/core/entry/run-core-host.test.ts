import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDesktopConfig } from '../config/load-desktop-config';
import { createCore, type Core } from '../create-core';
import { silentLogger } from '../test/silent-logger';
import type { PortResponse } from '../transport/message-port-protocol';
import { serveOverMessagePort } from '../transport/serve-over-message-port';
import { parseCoreMessage, parseParentMessage } from './core-host-protocol';
import { runCoreHost, type ParentPortLike } from './run-core-host';

// Electron's parentPort is an EventEmitter emitting `{ data, ports }`; the ports here are real
// Node MessagePorts and the core is the real one on a temporary replica.
class ParentPort extends EventEmitter implements ParentPortLike {
  readonly sent: unknown[] = [];
  postMessage(message: unknown): void {
    this.sent.push(message);
    this.emit('sent', message);
  }
  fromMain(data: unknown, ports: MessagePort[] = []): void {
    this.emit('message', { data, ports });
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHost(env: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'capliquify-core-host-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadDesktopConfig({ CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir, CAPLIQUIFY_SERVER_URL: 'http://127.0.0.1:9', ...env });
  const parent = new ParentPort();
  const exits: number[] = [];
  let core: Core | undefined;
  const exited = new Promise<number>((resolve) => {
    runCoreHost(parent, {
      logger: silentLogger,
      startCore: async () => (core = await createCore(config, { logger: silentLogger })),
      serve: (port, ready) => serveOverMessagePort(port, ready.router, ready.createContext),
      exit: (code) => {
        exits.push(code);
        resolve(code);
      },
    });
  });
  cleanups.push(async () => {
    if (exits.length === 0) {
      parent.fromMain({ type: 'capliquify:shutdown' });
      await exited;
    }
  });
  return { parent, exited, exits, core: () => core };
}

function call(port: MessagePort, path: string, input?: unknown): Promise<PortResponse> {
  return new Promise((resolve) => {
    port.once('message', (response: PortResponse) => resolve(response));
    port.postMessage({ id: 1, path, type: 'query', input });
  });
}

describe('runCoreHost', () => {
  it('serves a renderer port sent before the replica is open, then reports ready', async () => {
    const { parent } = await startHost();
    const ready = new Promise((resolve) => parent.once('sent', resolve));
    const { port1, port2 } = new MessageChannel();
    cleanups.push(async () => port1.close());
    parent.fromMain({ type: 'capliquify:connect' }, [port2]);

    const response = await call(port1, 'sync.status');
    expect(response).toMatchObject({ id: 1, result: { data: { connection: expect.any(String) } } });
    expect(parseCoreMessage(await ready)).toMatchObject({ type: 'capliquify:ready', deviceId: expect.any(String) });
  });

  it('serves a second port after a page reload', async () => {
    const { parent } = await startHost();
    for (let reload = 0; reload < 2; reload += 1) {
      const { port1, port2 } = new MessageChannel();
      cleanups.push(async () => port1.close());
      parent.fromMain({ type: 'capliquify:connect' }, [port2]);
      expect(await call(port1, 'items.search', {})).toMatchObject({ result: { data: { rows: [], total: 0 } } });
    }
  });

  it('closes the replica and exits 0 on shutdown', async () => {
    const { parent, exited, core } = await startHost();
    await new Promise((resolve) => parent.once('sent', resolve));
    parent.fromMain({ type: 'capliquify:shutdown' });
    expect(await exited).toBe(0);
    await expect(core()?.createContext().items.search({ q: '', limit: 1, offset: 0 })).rejects.toThrow();
  });

  it('tells main why it could not start and exits 1', async () => {
    const parent = new ParentPort();
    const code = await new Promise<number>((resolve) => {
      runCoreHost(parent, {
        logger: silentLogger,
        startCore: () => Promise.reject(new Error('disk full')),
        serve: () => undefined,
        exit: resolve,
      });
    });
    expect(code).toBe(1);
    expect(parent.sent.map(parseCoreMessage)).toEqual([{ type: 'capliquify:fatal', message: 'disk full' }]);
  });
});

describe('the updater’s messages', () => {
  it('answers facts and quiesce requests by id, keeps the banner’s state, and releases held writes', async () => {
    const { parent, core } = await startHost();
    await new Promise((resolve) => parent.once('sent', resolve));
    const answer = (id: number) => new Promise<unknown>((resolve) => {
      const listener = (message: { type?: string; id?: number }) => {
        if (message.type !== 'capliquify:station-facts' || message.id !== id) return;
        parent.off('sent', listener);
        resolve(message);
      };
      parent.on('sent', listener);
    });

    const facts = answer(7);
    parent.fromMain({ type: 'capliquify:station-facts', id: 7 });
    expect(await facts).toMatchObject({ id: 7, facts: { outboxDepth: 0, writing: false, persisted: false, deviceCredential: null } });

    const quiesced = answer(8);
    parent.fromMain({ type: 'capliquify:quiesce', id: 8, timeoutMs: 1_000 });
    expect(await quiesced).toMatchObject({ id: 8, facts: { writing: false, persisted: true } });
    parent.fromMain({ type: 'capliquify:resume' });
    // Released: a write reaches the command's own checks again (here, refusing its empty args).
    await expect(core()!.createContext().engine.queue('inventory.recordMovement', {})).rejects.toMatchObject({ name: 'ZodError' });

    parent.fromMain({ type: 'capliquify:update-view', view: { state: 'downloading', required: false, version: '1.5.0', percent: 40 } });
    parent.fromMain({ type: 'capliquify:update-view', view: { state: 'downloading', required: false, version: '1.5.0', percent: 400 } });
    expect(core()?.updates.view()).toEqual({ state: 'downloading', required: false, version: '1.5.0', percent: 40 });
  });

  it('refuses a facts request before the replica is open instead of leaving main waiting', async () => {
    const parent = new ParentPort();
    const sent = new Promise((resolve) => parent.once('sent', resolve));
    runCoreHost(parent, { logger: silentLogger, startCore: () => new Promise(() => undefined), serve: () => undefined, exit: () => undefined });
    parent.fromMain({ type: 'capliquify:station-facts', id: 1 });
    expect(await sent).toEqual({ type: 'capliquify:station-facts', id: 1, error: 'The local database is not open.' });
  });
});

describe('parseParentMessage', () => {
  it('accepts only the commands main sends, well formed', () => {
    expect(parseParentMessage({ type: 'capliquify:connect' })).toEqual({ type: 'capliquify:connect' });
    expect(parseParentMessage({ type: 'capliquify:shutdown', extra: 1 })).toEqual({ type: 'capliquify:shutdown' });
    expect(parseParentMessage({ type: 'capliquify:eval', code: 'x' })).toBeNull();
    expect(parseParentMessage({ type: 'capliquify:quiesce', id: 1, timeoutMs: 3_600_000 })).toBeNull();
    expect(parseParentMessage({ type: 'capliquify:update-view', view: { state: 'installing' } })).toBeNull();
    expect(parseParentMessage('capliquify:connect')).toBeNull();
    expect(parseParentMessage(null)).toBeNull();
  });
});
