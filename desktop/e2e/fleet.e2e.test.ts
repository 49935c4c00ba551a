import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HEADER_APP_VERSION } from '@capliquify/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBuilderYaml, updaterHttp } from '../../server/src/updates/test/electron-updater-compat';
import { SyncMetaKey, getSyncMeta } from '../core/sync-engine/outbox.repo';
import { createAccount, type Account } from './support/accounts';
import { download } from './support/counting-pages';
import { DATA_AT_RISK_MINUTES, OUTAGE_MINUTES, startFleetWorld, type FleetWorld } from './support/fleet-world';
import { signIn, signedInBadge } from './support/sign-in-pages';
import { ITEMS, LOCATIONS } from './support/sync-server';

// The Fleet screen in Chromium against the real server: an admin with her authenticator code
// publishes a release to the canary ring from the file picker and marks the press-line scanner as
// canary; that station checks the feed with its device credential as electron-updater does,
// verifies and "installs" the build, and reports the new version on its next pull: the screen
// shows it took the release. She widens the rollout to every device, sees the dock scanner, whose
// commands waited through an outage, flagged as data at risk, and downloads the press-line
// scanner's diagnostic bundle once its next sync has brought it.

interface UpdateInfo { version: string; path: string; sha512: string; files: { url: string; sha512: string; size: number }[] }

const BUILD = {
  exe: randomBytes(120_000),
  blockmap: randomBytes(900),
  appImage: randomBytes(90_000),
};
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

let world: FleetWorld;
let ada: Account;
let scratch: string;

beforeAll(async () => {
  world = await startFleetWorld();
  ada = await createAccount(world.server, { displayName: 'Ada Admin', role: 'admin', siteId: null, authenticator: true });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-fleet-downloads-'));
  await signIn(world.page, ada);
});

afterAll(async () => {
  await world?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const panel = () => world.page.getByRole('tabpanel', { name: 'Fleet' });
const releaseRow = (version: string) => panel().getByRole('table', { name: 'Releases' }).getByRole('row').filter({ hasText: version });
const deviceRow = (name: string) => panel().getByRole('table', { name: 'Devices' }).getByRole('row').filter({ hasText: name });

async function openFleet(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Fleet' }).click();
  await panel().getByRole('heading', { name: 'Fleet', level: 2 }).waitFor();
}

/** Refresh, until the screen shows what the devices reported (a pull's health report is written after its answer). */
async function refreshUntil(page: Page, shown: () => Promise<boolean>): Promise<void> {
  await expect.poll(async () => {
    await panel().getByRole('button', { name: 'Refresh' }).click();
    return shown();
  }, { timeout: 30_000, interval: 500 }).toBe(true);
}

/** A figure of the fleet totals, by its label. */
const total = (label: string) => panel().locator('dl[aria-label="Fleet totals"] > div').filter({ has: world.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');

/** An update check the way electron-updater's generic provider makes it, with the headers the desktop's updater sets. */
async function checkFeed(file: string, credential: string, appVersion: string): Promise<UpdateInfo | number> {
  try {
    const text = await updaterHttp.channelFile(new URL(`${world.server.url}/updates/latest/${file}`), { [HEADER_APP_VERSION]: appVersion, authorization: `Device ${credential}` });
    return electronBuilderYaml.load(text ?? '') as UpdateInfo;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode ?? -1;
  }
}

describe('the Fleet screen', () => {
  it('publishes a release to the canary ring, and shows the canary station taking it', async () => {
    const { page } = world;
    expect(await signedInBadge(page).innerText()).toContain('with authenticator');
    await openFleet(page);
    expect(await total('Devices').innerText()).toBe('3');
    await panel().getByText('No releases yet.').waitFor();

    await deviceRow('Press line scanner').getByRole('button', { name: 'Make canary' }).click();
    await panel().getByText('Press line scanner is a canary device: it takes each release first.').waitFor();
    await deviceRow('Press line scanner').getByText('Canary', { exact: true }).waitFor();

    const form = panel().getByRole('form', { name: 'Publish a release' });
    await form.getByLabel('Version').fill('2.0.0');
    await form.getByLabel('Channel').selectOption('stable');
    await form.getByLabel('First ring').selectOption('canary');
    await form.getByLabel('Release notes').fill('Faster scanning');
    await form.getByLabel('Installers and block maps').setInputFiles([
      { name: 'CapLiquify-Setup-2.0.0.exe', mimeType: 'application/octet-stream', buffer: BUILD.exe },
      { name: 'CapLiquify-Setup-2.0.0.exe.blockmap', mimeType: 'application/octet-stream', buffer: BUILD.blockmap },
      { name: 'CapLiquify-2.0.0-x86_64.AppImage', mimeType: 'application/octet-stream', buffer: BUILD.appImage },
    ]);
    await form.getByRole('button', { name: 'Publish' }).click();
    await panel().getByText('Published 2.0.0 on stable (3 files) to the canary ring.').waitFor();
    await releaseRow('2.0.0').getByText('0 of 1 running it · 0 offered').waitFor();
    expect(await releaseRow('2.0.0').getByRole('cell').nth(3).innerText()).toBe('canary');

    // The canary station (this machine: Linux) checks for updates with its device credential.
    const press = world.press();
    const offered = await checkFeed('latest-linux.yml', await press.credential(), '1.0.0');
    expect(offered).toMatchObject({ version: '2.0.0', path: 'CapLiquify-2.0.0-x86_64.AppImage', sha512: sha512(BUILD.appImage) });
    // It downloads the build and verifies it as electron-updater does before installing.
    const saved = path.join(scratch, 'update.AppImage');
    await updaterHttp.downloadVerified(new URL(`${world.server.url}/updates/latest/${(offered as UpdateInfo).path}`), saved, (offered as UpdateInfo).sha512);
    expect(fs.readFileSync(saved).equals(BUILD.appImage)).toBe(true);
    // The dock scanner is not in the canary ring: nothing for it yet.
    expect(await checkFeed('latest.yml', await credentialOf(world), '1.0.0')).toBe(404);

    // Installed: the station starts as 2.0.0 and says so with its next pull.
    await world.restartPress('2.0.0');
    await refreshUntil(page, async () => (await releaseRow('2.0.0').innerText()).includes('1 of 1 running it · 1 offered'));
    const versions = panel().getByRole('table', { name: 'Versions across the fleet' });
    await versions.getByRole('row').filter({ hasText: '2.0.0' }).filter({ hasText: '1' }).waitFor();
  });

  it('widens the rollout to every device, by keyboard', async () => {
    const { page } = world;
    const row = releaseRow('2.0.0');
    const ring = row.getByLabel('Widen 2.0.0 on stable to');
    await ring.focus();
    await page.keyboard.press('End');
    expect(await ring.evaluate((select) => (select as unknown as { selectedOptions: { label: string }[] }).selectedOptions[0]?.label)).toBe('All devices');
    await page.keyboard.press('Tab');
    expect(await row.getByRole('button', { name: 'Widen' }).evaluate((button) => button === (button.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await panel().getByText('2.0.0 on stable now reaches all devices.').waitFor();
    await releaseRow('2.0.0').getByText('all devices', { exact: true }).waitFor();
    await releaseRow('2.0.0').getByText('1 of 3 running it · 1 offered').waitFor();
    expect(await releaseRow('2.0.0').getByRole('button', { name: 'Widen' }).count()).toBe(0);
    // The dock scanner, a Windows PC, is now offered the Windows installer.
    expect(await checkFeed('latest.yml', await credentialOf(world), '1.0.0')).toMatchObject({ version: '2.0.0', path: 'CapLiquify-Setup-2.0.0.exe', sha512: sha512(BUILD.exe) });
  });

  it('flags the station that held unsynced commands through an outage as data at risk', async () => {
    const { page, dock } = world;
    const risk = panel().getByRole('region', { name: 'Data at risk' });
    await risk.getByText(`No device holds unsynced work older than ${DATA_AT_RISK_MINUTES} min.`).waitFor();

    // The dock's link is down while it keeps working: the receipts wait in its outbox.
    dock.network.setMode('offline');
    for (const quantity of [5, 3, 8]) await dock.record('receipt', LOCATIONS[0], ITEMS[0], quantity);
    expect((await dock.engine.syncNow()).lastError).toMatch(/Cannot reach the sync server/);
    expect(dock.engine.status.get().pendingCount).toBe(3);
    // Back online: its next pull reports the three commands and how long they have waited.
    dock.network.setMode('online');
    await dock.engine.syncNow();

    await refreshUntil(page, async () => (await risk.getByRole('table', { name: 'Data at risk' }).count()) === 1);
    const cells = await risk.getByRole('table', { name: 'Data at risk' }).getByRole('row').filter({ hasText: 'Dock scanner' }).getByRole('cell').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['Dock scanner', 'Plant A', '3']);
    // Made ten minutes ago by its clock; a minute more if this machine is slow to get here.
    expect(cells[3]).toMatch(new RegExp(`^(${OUTAGE_MINUTES}|${OUTAGE_MINUTES + 1}) min$`));
    await risk.getByText(/One device holds work the server has not confirmed for more than 5 min/).waitFor();
    expect(await total('Data at risk').innerText()).toBe('1');
    await deviceRow('Dock scanner').getByText('Data at risk', { exact: true }).waitFor();
    expect(await deviceRow('Press line scanner').getByText('Data at risk', { exact: true }).count()).toBe(0);
  });

  it('asks a station for its recent logs and downloads them once its next sync has brought them', async () => {
    const { page } = world;
    await deviceRow('Press line scanner').getByRole('button', { name: 'Request diagnostics' }).click();
    await panel().getByText(/^Asked Press line scanner for its recent logs/).waitFor();
    const bundles = panel().getByRole('table', { name: 'Diagnostic bundles' });
    await bundles.getByRole('row').filter({ hasText: 'Press line scanner' }).filter({ hasText: 'Waiting for its next sync' }).waitFor();

    await world.press().sync();
    await refreshUntil(page, async () => (await bundles.getByRole('button', { name: 'Download' }).count()) === 1);
    const file = await download(page, () => bundles.getByRole('button', { name: 'Download' }).click());
    expect(file.name).toMatch(/^diagnostics-press-line-scanner-diag_[\w-]+\.ndjson$/);
    const [first, ...lines] = file.bytes.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ bundle: 'capliquify-diagnostics', appVersion: '2.0.0', deviceId: world.press().core.deviceId });
    expect(lines.map((l) => l.msg)).toContain('desktop core ready');
  });
});

async function credentialOf(w: FleetWorld): Promise<string> {
  const credential = await getSyncMeta(w.dock.replica.db, SyncMetaKey.Credential);
  if (!credential) throw new Error('the dock scanner is not enrolled');
  return credential;
}
