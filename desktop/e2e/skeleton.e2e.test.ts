import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_IN } from '@capliquify/server';
import { startAppProcess, type AppProcess } from './support/app-process';
import { signIn } from './support/sign-in-pages';

// The whole platform as `npm start` runs it (server + browser host in one process), driven in
// Debian's Chromium: server → desktop core → SQLite replica → renderer.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');

let app: AppProcess | undefined;
let browser: Browser;
let page: Page;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-'));
  app = await startAppProcess('npx', ['tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST_PORT: '0', CAPLIQUIFY_DATA_DIR: dataDir, DEMO_DATA: 'small', LOG_LEVEL: 'warn' },
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
  baseUrl = app.readyUrl;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(baseUrl);
  // The demo admin `npm start` prints, signed in through the sign-in screen (PIN offer skipped).
  const admin = DEMO_SIGN_IN.people.find((p) => p.role === 'admin')!;
  await signIn(page, { email: admin.email, password: DEMO_SIGN_IN.password, displayName: admin.displayName, totpSecret: null });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const itemTable = () => page.getByRole('table', { name: 'Items in stock' });
const bodyRows = () => itemTable().locator('tbody tr');
const skuCells = () => itemTable().locator('tbody tr td:first-child');
const resultCount = async () => Number((await page.locator('.result-count').innerText()).replace(/\D/g, ''));

describe('the desktop skeleton in Chromium', () => {
  it('shows the demo items synced from the server, and says it is online', async () => {
    const status = page.getByRole('status', { name: 'Sync status' });
    await status.getByText('Online', { exact: true }).waitFor();
    await expect(status.innerText()).resolves.not.toMatch(/Last sync: never/);
    await bodyRows().first().waitFor();
    expect(await bodyRows().count()).toBeGreaterThan(1);
    expect(await resultCount()).toBeGreaterThan(1);
  });

  it('gives the page no way to Node: no Node globals, and no Node module in the bundle it runs', async () => {
    const globals = await page.evaluate<Record<string, string>>(
      '({ require: typeof require, process: typeof process, module: typeof module, exports: typeof exports, Buffer: typeof Buffer, global: typeof global, setImmediate: typeof setImmediate })',
    );
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', exports: 'undefined', Buffer: 'undefined', global: 'undefined', setImmediate: 'undefined' });

    // require("fs"), import "node:path", import("child_process")…: any of them in a chunk would mean
    // the renderer counts on Node. Check what the page loaded and every chunk it could load.
    const names = builtinModules.map((name) => name.replace(/[/\\]/g, '\\$&')).join('|');
    const nodeImport = new RegExp(`(?:require\\(\\s*|from\\s*|import\\s*\\(?\\s*)["'](?:node:)?(?:${names})(?:/[\\w/]*)?["']`);
    expect(nodeImport.exec('const f = require("fs")')?.[0]).toBe('require("fs"');
    expect(nodeImport.exec('import{readFile as r}from"node:fs/promises"')?.[0]).toBe('from"node:fs/promises"');
    const loaded = await page.evaluate<string[]>('[...document.scripts].map((s) => s.src).filter(Boolean)');
    expect(loaded.length).toBeGreaterThan(0);
    for (const src of loaded) expect({ src, nodeImport: nodeImport.exec(await (await fetch(src)).text())?.[0] ?? null }).toEqual({ src, nodeImport: null });
    const assets = path.join(path.dirname(rendererIndex), 'assets');
    const chunks = fs.readdirSync(assets).filter((file) => file.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect({ chunk, nodeImport: nodeImport.exec(fs.readFileSync(path.join(assets, chunk), 'utf8'))?.[0] ?? null }).toEqual({ chunk, nodeImport: null });
    }
  });

  it('narrows the list as a SKU is typed, and says when nothing matches', async () => {
    const total = await resultCount();
    const sku = (await skuCells().nth(1).innerText()).trim();
    const search = page.getByLabel('Search items');
    await search.fill(sku);
    await page.locator('.result-count').getByText(/^\d+ items?$/).waitFor();
    await expect.poll(() => skuCells().allInnerTexts(), { timeout: 30_000 })
      .toSatisfy((cells: string[]) => cells.length > 0 && cells.every((text) => text.includes(sku)));
    expect(await resultCount()).toBeLessThan(total);
    expect(await skuCells().allInnerTexts()).toContain(sku);

    await search.fill('no-such-thing-zz9');
    await page.getByText('No items match “no-such-thing-zz9”.').waitFor();
    expect(await itemTable().count()).toBe(0);

    await search.fill('');
    await bodyRows().nth(1).waitFor();
  });

  it('shows an item’s stock per site and location when it is chosen', async () => {
    const sku = (await skuCells().first().innerText()).trim();
    await page.getByRole('button', { name: sku, exact: true }).click();
    const detail = page.getByRole('complementary');
    await detail.getByRole('heading', { name: new RegExp(`^${sku} · `) }).waitFor();
    const stockTable = detail.getByRole('table', { name: 'Stock per location' });
    const noStock = detail.getByText('No stock recorded at any location.');
    await stockTable.or(noStock).waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByRole('complementary').count()).toBe(0);
  });

  it('is navigable by keyboard: / focuses search, Enter picks the first match, Tab reaches every section', async () => {
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.locator(':focus').getAttribute('id')).toBe('item-search');
    const sku = (await skuCells().first().innerText()).trim();
    await page.keyboard.type(sku);
    await page.keyboard.press('Enter');
    await page.getByRole('complementary').getByRole('heading', { name: new RegExp(`^${sku} · `) }).waitFor();

    // A fresh page: focus starts on the document, as for a person arriving at the station.
    await page.reload();
    await page.getByRole('heading', { name: 'Stock', level: 1 }).waitFor();
    const focusedText = () => page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
    for (let i = 0; i < 10 && (await focusedText()) !== 'Counting'; i++) await page.keyboard.press('Tab');
    expect(await focusedText()).toBe('Counting');
    // The focus ring is visible (the stylesheet draws it for keyboard focus only).
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Counting', level: 1 }).waitFor();
    expect(page.url()).toMatch(/#\/counting$/);
    // The signed-in admin may start a count here.
    expect(await page.getByRole('button', { name: 'New session' }).isEnabled()).toBe(true);

    await page.getByRole('link', { name: 'Counting' }).focus();
    for (const section of ['Stock', 'Production', 'Finance', 'Forecasts', 'Admin']) {
      await page.keyboard.press('Tab');
      expect(await focusedText()).toBe(section);
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Admin' }).getAttribute('aria-current')).toBe('page');
    // Without a second factor in this sign-in, the admin may import but not manage integrations.
    expect(await page.getByRole('tab', { name: 'Import' }).isEnabled()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Integrations' }).isEnabled()).toBe(false);
    await page.getByText('Integrations and jobs: This needs a sign-in with your second factor (authenticator code).').waitFor();
  });
});
