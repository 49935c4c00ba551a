import fs from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, expected } from '@capliquify/shared/finance/test/fixtures';
import { pdfPageTexts } from '@capliquify/shared/reports/test/pdf-text';
import { readWorkbook } from '@capliquify/shared/reports/test/read-files';
import { formulaCells } from '@capliquify/shared/reports/test/sheet-formulas';
import { createAccount } from './support/accounts';
import { syncNow } from './support/counting-pages';
import { startFinanceWorld, type FinanceWorld } from './support/finance-world';
import { signIn } from './support/sign-in-pages';

// The Finance section in Chromium on a finance workstation: the finance scope reaches the station,
// then the server is stopped for good; a finance person opens the dashboard offline, drills from
// DSO to a customer's invoices by keyboard, and exports the invoices and the ratios as XLSX and
// PDF. The files are opened (exceljs; the PDF's drawn text) and their figures compared with the
// screen's, which are the engine's hand-computed fixture.

let world: FinanceWorld;

beforeAll(async () => {
  world = await startFinanceWorld();
  // Finance is tenant-wide: a manager across every site.
  const fay = await createAccount(world.server, { displayName: 'Fay Finance', role: 'manager', siteId: null });
  await signIn(world.page, fay);
});

afterAll(async () => {
  await world?.close();
});

const grid = (name: string | RegExp) => world.page.getByRole('grid', { name });
const gridRows = async (name: string | RegExp) => (await grid(name).locator('tbody tr[aria-rowindex]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
const tile = (key: string) => world.page.getByTestId(`kpi-${key}-value`);

async function download(button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([world.page.waitForEvent('download') as Promise<Download>, world.page.getByRole('button', { name: button }).click()]);
  const at = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(at) };
}

describe('the Finance section on a finance workstation', () => {
  it('shows the ratios once the finance scope has reached the station', async () => {
    const { page } = world;
    await syncNow(page);
    await page.getByRole('link', { name: 'Finance' }).click();
    await page.getByRole('heading', { name: 'Finance', level: 1 }).waitFor();
    await expect.poll(() => tile('dso').innerText()).toBe('45.5 days');
  });

  it('with the server gone, opens the dashboard, drills from DSO to a customer’s invoices and exports them', async () => {
    const { page } = world;
    await world.stopServer();
    await syncNow(page).catch(() => {});
    await page.getByRole('status', { name: 'Sync status' }).getByText('Offline', { exact: true }).waitFor();
    // A fresh page: everything below comes from the station's replica.
    await page.reload();
    await page.getByRole('link', { name: 'Finance' }).click();
    await page.getByRole('status', { name: 'Data freshness' }).getByText('Offline', { exact: true }).waitFor();
    expect(await page.getByRole('status', { name: 'Data freshness' }).innerText()).toContain('Mar 31, 2026');

    // Each ratio with its formula and the figures it is made of (the fixture's, worked by hand).
    await expect.poll(() => tile('dso').innerText()).toBe('45.5 days');
    expect(await tile('dpo').innerText()).toBe(`${expected.period90.dpo.toFixed(1)} days`);
    expect(await tile('dio').innerText()).toBe(`${expected.period90.dio.toFixed(1)} days`);
    expect(await tile('ccc').innerText()).toBe('14.0 days');
    const dso = page.getByTestId('kpi-dso');
    await dso.getByText('DSO = AR ÷ revenue × days').waitFor();
    expect(await page.getByTestId('kpi-dso-working').innerText()).toBe('AR £2,125.00 ÷ revenue £4,200.00 × 90 days');
    const trend = page.getByRole('img', { name: 'Monthly trend of DSO, DPO, DIO and CCC' });
    expect(await trend.locator('.trend-line').count()).toBe(4);
    expect(await page.getByRole('img', { name: 'Cash forecast with its band' }).locator('.cash-band').getAttribute('d')).toMatch(/ Z$/);
    const arBars = page.getByRole('region', { name: 'Receivables' });
    expect(await arBars.locator('[data-bucket="31-60"] .bar-value').innerText()).toBe('£625.00');

    // The ratios as files: the XLSX's DSO is a formula over the cells the tile shows.
    const ratiosXlsx = await download('Working-capital ratios as XLSX');
    expect(ratiosXlsx.name).toBe(`ratios-90-days-${AS_OF}.xlsx`);
    const ratiosSheet = (await readWorkbook(ratiosXlsx.bytes)).getWorksheet('Ratios 90 days')!;
    expect(ratiosSheet.getRow(2).values).toEqual([undefined, 'DSO', 'DSO = AR ÷ revenue × days', 'AR', 2_125, 'revenue', 4_200, 90, expect.objectContaining({ formula: 'D2/F2*G2' }), '']);
    const dsoCell = formulaCells(ratiosSheet).find((c) => c.address === 'H2')!;
    expect(dsoCell.computed.toFixed(1)).toBe((await tile('dso').innerText()).replace(' days', ''));
    const ratiosPdf = (await pdfPageTexts((await download('Working-capital ratios as PDF')).bytes)).flat();
    const dsoAt = ratiosPdf.indexOf('DSO');
    expect(ratiosPdf.slice(dsoAt, dsoAt + 8)).toEqual(['DSO', 'DSO = AR ÷ revenue × days', 'AR', '2,125.00', 'revenue', '4,200.00', '90', '45.5']);

    // From the DSO tile to the customers, by keyboard: the list takes the focus.
    await dso.getByRole('button', { name: 'DSO by customer →' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'DSO by customer', level: 2 }).waitFor();
    await expect.poll(() => gridRows('DSO by customer')).toEqual([
      'Alpha Retail £1,200.00 £2,900.00 37.2 25.7', 'Bravo Inc £625.00 £800.00 70.3 13.4', 'Charlie Shops £300.00 £500.00 54.0 6.4',
    ]);
    await page.keyboard.press('ArrowDown');
    expect(await grid('DSO by customer').locator('tr[aria-selected="true"]').innerText()).toContain('Alpha Retail');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Alpha Retail', level: 2 }).waitFor();
    const invoices = 'Documents of Alpha Retail';
    await expect.poll(() => gridRows(invoices)).toEqual([
      'CN1 Credit note 2026-03-05 2026-03-05 £300.00 -£200.00 -£200.00 26 days overdue Yes',
      'I2 Invoice 2026-02-15 2026-03-17 £2,000.00 £1,400.00 £1,400.00 14 days overdue Yes',
      'I1 Invoice 2026-01-10 2026-02-09 £1,200.00 £0.00 £0.00 Settled Yes',
    ]);
    expect(await page.getByTestId('contact-open').innerText()).toBe('£1,200.00');

    // Escape goes back up to the customers, on the row it came from; Enter comes down again.
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'DSO by customer', level: 2 }).waitFor();
    await expect.poll(() => grid('DSO by customer').locator('tr[aria-selected="true"]').innerText()).toContain('Alpha Retail');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Alpha Retail', level: 2 }).waitFor();
    await expect.poll(() => gridRows(invoices)).toHaveLength(3);

    // The invoices as XLSX and PDF carry the figures on the screen.
    const screenI2 = (await gridRows(invoices))[1]!;
    const xlsx = await download('Documents of Alpha Retail as XLSX');
    expect(xlsx.name).toBe(`invoices-alpha-retail-${AS_OF}.xlsx`);
    const sheet = (await readWorkbook(xlsx.bytes)).worksheets[0]!;
    const i2 = sheet.getRows(2, 3)!.find((r) => r.getCell(1).value === 'I2')!;
    const money = (n: number) => `£${n.toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const open = i2.getCell(9).value as { formula: string; result: number };
    expect(open.formula).toMatch(/^G\d+-H\d+$/);
    expect(screenI2).toContain(`${money(i2.getCell(7).value as number)} ${money(open.result)} ${money(i2.getCell(10).value as number)}`);
    expect(i2.getCell(11).value).toBe(14);
    expect(screenI2).toContain('14 days overdue');
    const pdf = (await pdfPageTexts((await download('Documents of Alpha Retail as PDF')).bytes)).flat();
    const row = pdf.slice(pdf.indexOf('I2'), pdf.indexOf('I2') + 12);
    expect(row).toEqual(['I2', 'ACCREC', 'AUTHORISED', '2026-02-15', '2026-03-17', 'GBP', '2,000.00', '600.00', '1,400.00', '1,400.00', '14', 'yes']);
    expect(screenI2).toContain(`£${row[6]} £${row[8]} £${row[9]}`);

    // The cash forecast plans the open order and the margin of forecast sales, and says so; either can be left out.
    await page.getByRole('navigation', { name: 'Finance views' }).getByRole('link', { name: 'Cash forecast' }).click();
    const plan = page.getByRole('list', { name: 'Where the planned flows come from' });
    await expect.poll(() => plan.innerText()).toContain('Forecast sales: 50% margin on the revenue the demand forecasts of 2026-03-30 expect (4 item(s) at their recent net selling price; 1 forecast item(s)');
    expect(await plan.innerText()).toContain('Planned purchases: 1 open purchase order(s), 300.00 GBP');
    const weeks = page.getByRole('table', { name: 'Cash by week' });
    const column = async (header: string) => {
      const headers = await weeks.locator('thead th').allInnerTexts();
      return weeks.locator('tbody tr').evaluateAll((rows, at) => rows.map((r) => r.children[at]!.textContent), headers.indexOf(header));
    };
    const sum = (cells: (string | null)[]) => cells.reduce((a, c) => a + Number((c ?? '').replace(/[£,]/g, '')), 0);
    expect(sum(await column('Purchases'))).toBe(300);
    expect(sum(await column('Forecast sales'))).toBe(1_000);
    const closing = async () => Number((await column('Closing')).at(-1)!.replace(/[£,]/g, ''));
    const withOrder = await closing();
    await page.getByRole('checkbox', { name: 'Open purchase orders' }).click();
    await expect.poll(() => plan.innerText()).toContain('Planned purchases: no open purchase orders taken');
    await expect.poll(closing).toBe(withOrder + 300);
    expect(sum(await column('Purchases'))).toBe(0);

    // One legal entity's books: the US company holds Bravo's invoices alone.
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Entity').selectOption({ label: 'Fixture Trading Inc' });
    await page.getByRole('navigation', { name: 'Finance views' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('kpi-dso-working').innerText()).toBe('AR £625.00 ÷ revenue £800.00 × 90 days');
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Entity').selectOption({ label: 'All entities' });
    await expect.poll(() => page.getByTestId('kpi-dso-working').innerText()).toBe('AR £2,125.00 ÷ revenue £4,200.00 × 90 days');
  });
});
