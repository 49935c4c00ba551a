import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, type ScratchPostgres } from '../../server/test/databases';
import { DEMO_SIGN_IN } from '@capliquify/server';
import { startAppProcess, type AppProcess } from './support/app-process';
import { signIn, type Person } from './support/sign-in-pages';

// Two stations on one server: `npm start` (server + its own, self-enrolled browser host) on a fresh
// PostgreSQL database, so the admin CLI can run alongside, and a second browser host started
// without a code, enrolled through its enrolment screen with a code the CLI issues.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');
const demoAdmin = DEMO_SIGN_IN.people.find((p) => p.role === 'admin')!;
// Every site's admin, from the demo people `npm start` seeds: signs in on both stations.
const admin: Person = { email: demoAdmin.email, password: DEMO_SIGN_IN.password, displayName: demoAdmin.displayName, totpSecret: null };
const SPENT_OR_WRONG = 'This code has expired or was already used (or was mistyped); ask an administrator for a new one.';

let database: ScratchPostgres;
let serverDir: string;
let stationDir: string;
let platform: AppProcess;
let station: AppProcess;
let browser: Browser;
let first: Page;
let second: Page;

/** The environment without anything of this machine's own CapLiquify settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CAPLIQUIFY_|DATABASE_URL|REDIS_URL|DEMO_DATA|HOST_PORT|PORT$)/.test(key)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

function cli(...args: string[]): unknown {
  const run = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args, '--json'], {
    cwd: repoRoot, encoding: 'utf8', env: cleanEnv({ DATABASE_URL: database.url, CAPLIQUIFY_DATA_DIR: serverDir }),
  });
  if (run.status !== 0) throw new Error(`capliquify ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last);
}

interface DeviceRow { id: string; name: string; siteId: string | null }
const devices = () => (cli('devices', 'list') as { devices: DeviceRow[] }).devices;

beforeAll(async () => {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  database = await createScratchPostgres('e2e_enrol');
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-server-'));
  stationDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-station-'));
  platform = await startAppProcess('npx', ['tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ PORT: '0', HOST_PORT: '0', CAPLIQUIFY_DATA_DIR: serverDir, DATABASE_URL: database.url, DEMO_DATA: 'small' }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
  const serverUrl = /^server: (http:\/\/\S+)/m.exec(platform.output())?.[1];
  if (!serverUrl) throw new Error(`npm start did not print the server URL:\n${platform.output()}`);
  station = await startAppProcess('npx', ['tsx', 'desktop/host/host.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ CAPLIQUIFY_SERVER_URL: serverUrl, CAPLIQUIFY_DESKTOP_DATA_DIR: stationDir, HOST_PORT: '0' }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  first = await browser.newPage();
  second = await browser.newPage();
  for (const page of [first, second]) page.setDefaultTimeout(30_000);
  await first.goto(platform.readyUrl);
  await second.goto(station.readyUrl);
  await signIn(first, admin);
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await platform?.stop();
  await database?.drop();
  for (const dir of [serverDir, stationDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const onHand = async (page: Page) => {
  const text = await page.getByRole('complementary').locator('.item-meta strong').innerText();
  return Number(text.replace(/[^\d.-]/g, ''));
};

async function openItem(page: Page, sku: string): Promise<void> {
  await page.getByLabel('Search items').fill(sku);
  await page.getByRole('button', { name: sku, exact: true }).click();
  await page.getByRole('complementary').getByRole('heading', { name: new RegExp(`^${sku} · `) }).waitFor();
  await page.getByRole('complementary').locator('.item-meta strong').waitFor();
}

describe('enrolling a second station from its enrolment screen', () => {
  it('greets a station without a code with the enrolment screen, ready to type, and explains a refused code', async () => {
    await second.getByRole('heading', { name: 'Enrol this station', level: 1 }).waitFor();
    expect(await second.locator(':focus').getAttribute('id')).toBe('enroll-code');
    await expect.poll(() => second.getByLabel('Station name').inputValue()).toBe(os.hostname());
    expect(await second.getByRole('table', { name: 'Items in stock' }).count()).toBe(0);

    await second.keyboard.type('WXYZ-WXYZ-WXYZ');
    await second.keyboard.press('Enter');
    await second.getByRole('alert').getByText(SPENT_OR_WRONG).waitFor();
    expect(await second.getByLabel('One-time code').getAttribute('aria-invalid')).toBe('true');
  });

  it('enrols with a one-time code from the admin CLI, by keyboard, and then syncs and shows the stock', async () => {
    const own = devices().find((d) => d.name === 'This computer (npm start)');
    expect(own?.siteId).toBeTruthy();
    const { code } = cli('devices', 'enroll', '--site', own!.siteId!) as { code: string };

    const codeField = second.getByLabel('One-time code');
    await codeField.fill(code.toLowerCase());
    await second.getByLabel('Station name').fill('Goods-in scanner');
    await second.keyboard.press('Enter');

    // Enrolled: now someone signs in on it (online, the first time on this station).
    await signIn(second, admin);
    await second.getByRole('heading', { name: 'Stock', level: 1 }).waitFor();
    await second.getByRole('status', { name: 'Sync status' }).getByText('Online', { exact: true }).waitFor();
    await second.getByRole('table', { name: 'Items in stock' }).locator('tbody tr').nth(1).waitFor();
    expect(devices().find((d) => d.name === 'Goods-in scanner')?.siteId).toBe(own!.siteId);

    // The code is spent: a second station cannot reuse it (checked through the same router the screen uses).
    const reuse = await second.evaluate(async (spent) => {
      const response = await fetch('/rpc/sync.enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: spent, name: 'Copycat' }) });
      return ((await response.json()) as { error?: { message?: string } }).error?.message;
    }, code);
    expect(reuse).toBe(SPENT_OR_WRONG);
  });

  it('shows a movement recorded on one station on the other, pushed there by a live poke', async () => {
    for (const page of [first, second]) await page.getByTestId('sync-connection').getByText('Online · live').waitFor();
    const sku = (await second.getByRole('table', { name: 'Items in stock' }).locator('tbody tr td:first-child').first().innerText()).trim();
    await openItem(first, sku);
    await openItem(second, sku);
    const before = await onHand(first);
    expect(await onHand(second)).toBe(before);

    const form = second.getByRole('form', { name: 'Record movement' });
    await form.getByLabel('Quantity').fill('7');
    await form.getByLabel('Quantity').press('Enter');
    await form.getByText(/^Recorded \(#1\), pending sync\.$/).waitFor();
    await expect.poll(() => onHand(second)).toBe(before + 7);
    await second.getByTestId('sync-pending').getByText('0', { exact: true }).waitFor();

    // Nobody touches the first station: the server pokes it and it pulls on its own.
    await expect.poll(() => onHand(first), { timeout: 30_000 }).toBe(before + 7);
  });
});
