import type { DemandForecast } from '@capliquify/shared';
import { computeReorderPoint } from '@capliquify/shared/forecasting/reorder-point';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from './support/accounts';
import { syncNow } from './support/counting-pages';
import { HISTORY_WEEKS, startForecastsWorld, type ForecastsWorld } from './support/forecasts-world';
import { signIn } from './support/sign-in-pages';

// The Forecasts section in Chromium: a planner at a station sees the empty state, the server's
// forecast run reaches the station, then the server is stopped for good and the station still
// shows the chart, the accuracy, the models' weights and a reorder point for a chosen service
// level and a what-if lead time, all from its replica.

let world: ForecastsWorld;
let bolt: DemandForecast;

beforeAll(async () => {
  world = await startForecastsWorld();
  const pia = await createAccount(world.server, { displayName: 'Pia Planner', role: 'viewer' });
  await signIn(world.page, pia);
});

afterAll(async () => {
  await world?.close();
});

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const chart = () => world.page.getByRole('img', { name: /^Demand and forecast for / });
const search = () => world.page.getByRole('combobox', { name: 'Find an item' });
const options = () => world.page.getByRole('listbox', { name: 'Items with a forecast' }).getByRole('option');

async function openForecasts(): Promise<void> {
  await world.page.getByRole('link', { name: 'Forecasts' }).click();
  await world.page.getByRole('heading', { name: 'Forecasts', level: 1 }).waitFor();
}

describe('the Forecasts section', () => {
  it('says when forecasts will come before any run reached the station', async () => {
    const { page } = world;
    await openForecasts();
    await page.getByText('No forecasts on this station yet').waitFor();
    await page.getByText(/^Forecasts appear after the nightly run/).waitFor();
    await page.locator('.empty-state').getByText(/^Last sync: (?!never)/).waitFor();
  });

  it('lists the items of the server’s forecast run once it is pulled', async () => {
    const { page } = world;
    const run = await world.runForecast();
    expect(run.items).toBe(2);
    bolt = await world.serverForecast('itm_bolt');
    expect(bolt.history).toHaveLength(HISTORY_WEEKS);
    await syncNow(page);
    await expect.poll(() => options().allInnerTexts(), { timeout: 30_000 })
      .toEqual([expect.stringMatching(/^BOLT-M8 · Bolt M8/), expect.stringMatching(/^FRAME-1 · Frame/)]);
    await page.getByText(/^Forecasts from the run of /).waitFor();
  });

  it('with the server gone, shows an item’s chart, accuracy, weights and a reorder point from the replica', async () => {
    const { page } = world;
    await world.stopServer();
    await syncNow(page).catch(() => {});
    await page.getByRole('status', { name: 'Sync status' }).getByText('Offline', { exact: true }).waitFor();
    // A fresh page: everything below comes from the station's replica, not from the page's memory.
    await page.reload();
    await openForecasts();
    await page.getByText('Offline', { exact: true }).and(page.locator('.forecast-source strong')).waitFor();

    // By keyboard: type to filter, ↓ to the match, Enter to open.
    await search().click();
    await page.keyboard.type('bolt');
    await expect.poll(() => options().allInnerTexts()).toEqual([expect.stringMatching(/^BOLT-M8/)]);
    await page.keyboard.press('ArrowDown');
    expect(await options().first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'BOLT-M8 · Bolt M8', level: 2 }).waitFor();

    // The chart: history with its stock-out and promotion weeks marked, the forecast and its band, a legend.
    await chart().waitFor();
    const stockouts = bolt.history.filter((h) => h.stockout).length;
    const promos = bolt.history.filter((h) => h.promo).length;
    expect(stockouts).toBeGreaterThan(0);
    expect(promos).toBeGreaterThan(0);
    expect(await chart().locator('.chart-stockout').count()).toBe(stockouts);
    expect(await chart().locator('.chart-promo').count()).toBe(promos);
    expect(await chart().locator('.chart-forecast').count()).toBe(1);
    expect(await chart().locator('.chart-band').getAttribute('d')).toMatch(/ Z$/);
    expect(await chart().locator('desc').textContent()).toContain(`${HISTORY_WEEKS} weeks of demand for BOLT-M8 (${stockouts} with a stock-out, ${promos} with a promotion)`);
    expect((await page.getByRole('list', { name: 'Legend' }).getByRole('listitem').allInnerTexts()).map((t) => t.trim()))
      .toEqual(['Demand (weekly)', 'Forecast', '95% interval', 'Stock-out week (demand was cut short)', 'Promotion week']);

    // Accuracy as the run measured it, and what it means.
    const mase = bolt.accuracy.mase;
    expect(mase).not.toBeNull();
    expect(await page.getByTestId('forecast-mase').innerText()).toBe(mase!.toFixed(2));
    await page.getByText('Average error ÷ the error of a naive “same as last week” forecast. Below 1 is better than naive.').waitFor();
    await page.getByTestId('forecast-bias').waitFor();

    // The models' weights, largest first, as the document holds them.
    const weights = Object.entries(bolt.weights).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const bars = await page.getByRole('list', { name: 'Models’ weights' }).getByRole('listitem').allInnerTexts();
    expect(bars.map((b) => b.replace(/\s+/g, ' ').trim())).toEqual(weights.map(([name, share]) => {
      const label = { naive: 'Naive (last week)', snaive: 'Seasonal naive', drift: 'Drift' }[name] ?? name;
      return `${label} ${new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(share)}`;
    }));

    // The reorder point for the item's 7-day lead time at a chosen service level, against its settings.
    const suggested = (leadTimeDays: number, serviceLevel: number) =>
      computeReorderPoint({ points: bolt.points, leadTimeDays, serviceLevel });
    const ropCell = page.getByTestId('suggested-reorder-point');
    const ssCell = page.getByTestId('suggested-safety-stock');
    expect(await ropCell.innerText()).toBe(`${oneDecimal.format(suggested(7, 0.95).reorderPoint)} ea`);
    await page.getByLabel('Service level').selectOption({ label: '99%' });
    await expect.poll(() => ropCell.innerText()).toBe(`${oneDecimal.format(suggested(7, 0.99).reorderPoint)} ea`);
    expect(await ssCell.innerText()).toBe(`${oneDecimal.format(suggested(7, 0.99).safetyStock)} ea`);
    expect(suggested(7, 0.99).safetyStock).toBeGreaterThan(suggested(7, 0.95).safetyStock);
    const settings = page.getByRole('table', { name: 'Suggested and current stock settings' });
    expect(await settings.getByRole('row', { name: /^Reorder point/ }).innerText()).toContain('100.5 ea');

    // A what-if lead time changes the suggestion and is not kept; nonsense is explained, not computed.
    const leadTime = page.getByLabel('Lead time (days)');
    await leadTime.fill('21');
    await expect.poll(() => ropCell.innerText()).toBe(`${oneDecimal.format(suggested(21, 0.99).reorderPoint)} ea`);
    await leadTime.fill('three weeks');
    await page.getByRole('alert').getByText('“three weeks” is not a number of days: type 0 or more, e.g. 14.').waitFor();
    expect(await ropCell.count()).toBe(0);
    await page.getByRole('button', { name: 'Back to the item’s 7 days' }).click();
    await expect.poll(() => ropCell.innerText()).toBe(`${oneDecimal.format(suggested(7, 0.99).reorderPoint)} ea`);
  });

  it('moves through the whole list with the arrows and opens another item with Enter', async () => {
    const { page } = world;
    await search().fill('');
    await expect.poll(() => options().count()).toBe(2);
    await search().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await options().nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'FRAME-1 · Frame', level: 2 }).waitFor();
    await chart().waitFor();
    // The what-if of the other item is gone: this one starts from its own lead time.
    expect(await page.getByLabel('Lead time (days)').inputValue()).toBe('7');
  });
});
