import { readFile, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortResponse } from '../core/transport/message-port-protocol';
import { buildElectron, DESKTOP_DIR } from './build-electron';
import { BUNDLE_LAYOUT } from './bundle-layout';

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
let outDir: string;
let built: Awaited<ReturnType<typeof buildElectron>>;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'capliquify-electron-build-'));
  // The core bundle keeps `require("better-sqlite3")`; give it the repository's node_modules.
  await symlink(path.resolve(DESKTOP_DIR, '..', 'node_modules'), path.join(outDir, 'node_modules'), 'junction');
  built = await buildElectron({ outDir, logLevel: 'silent' });
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function requiresOf(file: string): Promise<string[]> {
  // Comment lines quote `require(...)` in examples (pino's do); only code lines count.
  const code = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/)/.test(line))
    .join('\n');
  return [...new Set([...code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((match) => match[2]!))].sort();
}

describe('buildElectron', () => {
  it('writes the three bundles where main and package.json look for them', async () => {
    expect(built).toEqual({
      main: path.join(outDir, BUNDLE_LAYOUT.main),
      preload: path.join(outDir, BUNDLE_LAYOUT.preload),
      core: path.join(outDir, BUNDLE_LAYOUT.core),
    });
    for (const file of Object.values(built)) expect((await stat(file)).size).toBeGreaterThan(0);
    const pkg = JSON.parse(await readFile(path.join(DESKTOP_DIR, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe(`dist/${BUNDLE_LAYOUT.main}`);
  });

  it('bundles everything into the sandboxed preload: it may require only electron', async () => {
    expect(await requiresOf(built.preload)).toEqual(['electron']);
  });

  it('keeps main to glue: electron and Node built-ins, no SQLite, no tRPC, no renderer', async () => {
    expect((await requiresOf(built.main)).filter((name) => name !== 'electron' && !builtins.has(name))).toEqual([]);
    const code = await readFile(built.main, 'utf8');
    expect(code).not.toMatch(/better-sqlite3|@trpc|callTRPCProcedure|react-dom|\/renderer\/src\//);
  });

  it('leaves only better-sqlite3 outside the core bundle, and never electron', async () => {
    const external = (await requiresOf(built.core)).filter((name) => !builtins.has(name));
    expect(external).toEqual(['better-sqlite3']);
  });

  it('runs the bundled core as a utility process would and answers tRPC over a MessagePort', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'capliquify-bundle-core-'));
    const worker = startBundledCore({ CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir, CAPLIQUIFY_SERVER_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    // A core that crashes fails the test now instead of leaving it waiting for a timeout.
    const crashed = new Promise<never>((_resolve, reject) => {
      worker.once('error', reject);
      void exited.then((code) => reject(new Error(`core exited early with code ${code}`)));
    });
    crashed.catch(() => undefined);
    try {
      const ready = Promise.race([new Promise((resolve) => worker.once('message', resolve)), crashed]);
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ data: { type: 'capliquify:connect' }, ports: [port2] }, [port2]);
      const response = Promise.race([new Promise<PortResponse>((resolve) => port1.once('message', resolve)), crashed]);
      port1.postMessage({ id: 7, path: 'items.search', type: 'query', input: { q: '' } });

      expect(await ready).toMatchObject({ type: 'capliquify:ready', deviceId: expect.any(String) });
      expect(await response).toEqual({ id: 7, result: { data: { rows: [], total: 0 } } });
      port1.close();

      worker.postMessage({ data: { type: 'capliquify:shutdown' }, ports: [] });
      expect(await exited).toBe(0);
    } finally {
      await worker.terminate();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('tells main what is wrong with its configuration, then exits 1', async () => {
    const worker = startBundledCore({ CAPLIQUIFY_SERVER_URL: 'not a url', LOG_LEVEL: 'silent' });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const message = await new Promise((resolve) => worker.once('message', resolve));
    expect(message).toMatchObject({ type: 'capliquify:fatal', message: expect.stringContaining('CAPLIQUIFY_SERVER_URL') });
    expect(await exited).toBe(1);
  });
});

// Electron gives the utility process `process.parentPort`; a worker thread can carry real ports.
const SHIM = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { EventEmitter } = require('node:events');
  const electronParentPort = new EventEmitter();
  electronParentPort.postMessage = (message) => parentPort.postMessage(message);
  parentPort.on('message', (message) => electronParentPort.emit('message', message));
  process.parentPort = electronParentPort;
  require(workerData.bundle);
`;

function startBundledCore(env: Record<string, string>): Worker {
  return new Worker(SHIM, { eval: true, workerData: { bundle: built.core }, env });
}
