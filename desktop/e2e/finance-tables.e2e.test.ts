import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from './support/accounts';
import { syncNow } from './support/counting-pages';
import { startFinanceWorld, type FinanceWorld } from './support/finance-world';
import { signIn } from './support/sign-in-pages';

// The Finance tables with tens of thousands of rows: every open invoice of a finance workstation
// in one table, of which only the rows in view are in the page; the keyboard reaches the last one
// and the search narrows them, each answered a window at a time by the core.

const BULK = 30_000;
let world: FinanceWorld;

beforeAll(async () => {
  world = await startFinanceWorld({ bulkInvoices: BULK });
  const fay = await createAccount(world.server, { displayName: 'Fay Finance', role: 'manager', siteId: null });
  await signIn(world.page, fay);
}, 240_000);

afterAll(async () => {
  await world?.close();
});

describe('a Finance table of every open invoice', () => {
  it('draws only the rows in view, reaches the last by keyboard and narrows by search', async () => {
    const { page } = world;
    await syncNow(page);
    await page.getByRole('link', { name: 'Finance' }).click();
    await page.getByRole('link', { name: 'Aging' }).click();
    await page.getByLabel('Show').selectOption('documents');
    const grid = page.getByRole('grid', { name: 'Receivables aging: documents' });
    // The fixture's five open AR documents (three invoices, a credit note, a prepayment) and the bulk ones.
    const total = BULK + 5;
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(total + 1));
    await page.getByText(`${total.toLocaleString('en-US')} rows`).waitFor();
    const drawn = () => grid.locator('tbody tr[aria-rowindex]').count();
    expect(await drawn()).toBeLessThan(40);

    // End: the last row (the most recently due, as rows run oldest first) comes into view, still only a window drawn.
    await grid.focus();
    await page.keyboard.press('End');
    const last = grid.locator(`tr[aria-rowindex="${total + 1}"]`);
    await expect.poll(() => last.getAttribute('aria-selected'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => last.innerText()).not.toContain('Loading');
    expect(await drawn()).toBeLessThan(40);
    await page.keyboard.press('Home');
    await expect.poll(() => grid.locator('tr[aria-rowindex="2"]').getAttribute('aria-selected')).toBe('true');

    // A search is answered from the same report: one customer's 60 invoices.
    await page.getByRole('searchbox').fill('Bulk Customer 007');
    await page.getByText('60 rows').waitFor();
    expect((await grid.locator('tbody tr[aria-rowindex]').allInnerTexts()).every((t) => t.includes('Bulk Customer 007'))).toBe(true);
  });
});
