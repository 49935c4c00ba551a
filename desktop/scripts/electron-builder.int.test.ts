import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, DESKTOP_DIR } from './build-electron';
import { BUNDLE_LAYOUT } from './bundle-layout';
import { FUSE_DISABLE, FUSE_ENABLE, fakeElectronBinary, readFuseWire } from './fake-electron-binary';

// Runs the real electron-builder on the real workspace, as `npm run dist` does (from the
// repository root), for Linux `dir`. Offline there is no Electron to download, so it packages a
// stand-in binary that carries the fuse wire; native rebuild is off for the same reason.
const ROOT = path.resolve(DESKTOP_DIR, '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string): string[]; extractFile(archive: string, file: string): Buffer };

let work: string;
let appOutDir: string;

beforeAll(async () => {
  await buildElectron();
  work = await mkdtemp(path.join(tmpdir(), 'capliquify-package-'));
  const electronDist = path.join(work, 'electron');
  await mkdir(path.join(electronDist, 'resources'), { recursive: true });
  await writeFile(path.join(electronDist, 'electron'), fakeElectronBinary(), { mode: 0o755 });
  await writeFile(path.join(electronDist, 'version'), 'v45.5.0');
  const output = path.join(work, 'release');
  await promisify(execFile)(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'), '--linux', 'dir', '--x64', '--publish', 'never',
      `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`,
    ],
    { cwd: ROOT, env: { ...process.env, CAPLIQUIFY_UPDATE_URL: 'https://updates.capliquify.test' }, maxBuffer: 16 * 1024 * 1024 },
  );
  appOutDir = path.join(output, 'linux-unpacked');
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('electron-builder on the workspace', () => {
  it('names the executable after the product and flips its fuses in afterPack', async () => {
    const wire = readFuseWire(await readFile(path.join(appOutDir, 'capliquify')));
    expect(wire.slice(0, 6)).toEqual([FUSE_DISABLE, FUSE_DISABLE, FUSE_DISABLE, FUSE_DISABLE, FUSE_ENABLE, FUSE_ENABLE]);
  });

  it('packs the bundles and a manifest naming the product into app.asar, without source maps', () => {
    const archive = path.join(appOutDir, 'resources', 'app.asar');
    const files = asar.listPackage(archive).map((file) => file.replaceAll('\\', '/'));
    for (const bundle of [BUNDLE_LAYOUT.main, BUNDLE_LAYOUT.preload, BUNDLE_LAYOUT.core]) expect(files).toContain(`/dist/${bundle}`);
    expect(files.filter((file) => file.startsWith('/dist/') && file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /^\/(core|main|preload|renderer|scripts|host)\//.test(file))).toEqual([]);
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'capliquify', productName: 'CapLiquify', main: `dist/${BUNDLE_LAYOUT.main}` });
  });

  it('collects better-sqlite3 from the hoisted workspace node_modules and unpacks its native binding', () => {
    const unpacked = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    expect(existsSync(path.join(unpacked, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'lib', 'index.js'))).toBe(true);
  });

  it('writes the update feed URL for the channel', async () => {
    const feed = await readFile(path.join(appOutDir, 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toContain('provider: generic');
    expect(feed).toContain('url: https://updates.capliquify.test/updates/latest');
  });
});
