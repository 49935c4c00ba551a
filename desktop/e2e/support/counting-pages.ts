// Steps a person takes on the counting screens, as Playwright drives them.
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import { dispatchScan, type Layout } from './wedge-keys';

/** "Sync now", then waits until nothing is left to push (the station must be able to reach the server). */
export async function syncNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
  await expect.poll(() => page.getByTestId('sync-pending').innerText(), { timeout: 30_000 }).toBe('0');
}

export async function pendingCommands(page: Page): Promise<number> {
  return Number((await page.getByTestId('sync-pending').innerText()).replace(/\D/g, ''));
}

/** The session id of the session page the browser shows (#/counting/<id>…). */
export function sessionIdOf(page: Page): string {
  const id = /#\/counting\/([^/]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a session page: ${page.url()}`);
  return decodeURIComponent(id);
}

export async function openSession(page: Page, name: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '#/counting'));
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }).waitFor();
}

export async function sessionStatus(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).locator('[data-status]').getAttribute('data-status');
}

/** The counting screen's tally: scans recorded, undone and refused on this visit. */
export async function tally(page: Page): Promise<{ recorded: number; undone: number; refused: number }> {
  const el = page.getByTestId('scan-tally');
  const read = async (name: string) => Number(await el.getAttribute(`data-${name}`));
  return { recorded: await read('recorded'), undone: await read('undone'), refused: await read('refused') };
}

/** Waits until the tally reached these numbers (every scan sent has been answered). */
export async function waitForTally(page: Page, expected: Partial<{ recorded: number; undone: number; refused: number }>): Promise<void> {
  try {
    await page.waitForFunction((want) => {
      // Runs in the page (this file is compiled without DOM types).
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string | undefined> } | null } }).document;
      const el = doc.querySelector('[data-testid="scan-tally"]');
      return el !== null && Object.entries(want).every(([k, v]) => el.dataset[k] === String(v));
    }, expected, { timeout: 30_000 });
  } catch (error) {
    const recent = await page.getByRole('log', { name: 'Last scans' }).innerText().catch(() => '(no list)');
    throw new Error(`the tally is ${JSON.stringify(await tally(page))}, not ${JSON.stringify(expected)}; last scans:\n${recent}`, { cause: error });
  }
}

export interface Feedback { kind: string | null; text: string }

export async function feedback(page: Page): Promise<Feedback> {
  const el = page.getByTestId('scan-feedback');
  return { kind: await el.getAttribute('data-kind'), text: (await el.innerText()).replace(/\s+/g, ' ').trim() };
}

/** A scanner burst: from Playwright's keyboard (trusted key presses, US) or dispatched with a layout. */
export async function scan(page: Page, text: string, via: Layout | 'keyboard'): Promise<void> {
  if (via === 'keyboard') {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  } else {
    await dispatchScan(page, text, via);
  }
}

/** A person typing (well over the 50 ms that tells a scanner apart), then pausing before the next key. */
export async function typeSlowly(page: Page, text: string, then: 'Enter' | 'pause'): Promise<void> {
  await page.keyboard.type(text, { delay: 120 });
  if (then === 'Enter') await page.keyboard.press('Enter');
  else await page.waitForTimeout(300);
}

export async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]) as [Download, void];
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}
