import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from './support/accounts';
import {
  download, feedback, openSession, pendingCommands, scan, sessionIdOf, sessionStatus, syncNow, typeSlowly, waitForTally,
} from './support/counting-pages';
import { STARTING_STOCK, TENANT, startCountingWorld, type CountingWorld } from './support/counting-world';
import { signIn } from './support/sign-in-pages';
import type { Layout } from './support/wedge-keys';

// Counting end to end, in Chromium: one server, two browser-host desktops. A (Ana, an operator
// at a scanner station) goes offline and counts 200 scans through the counting screen, partly as
// a scanner on a German-layout PC; B (Ben, a manager signed in with his authenticator) counts
// online while a sale ships from a bin B has counted; A comes back; Ben reviews, has the flagged
// row recounted, approves. The ledger must hold exactly the adjustments this test works out on
// its own, and every scan exactly once.

const BOLT = '4006381333931';
const BOLT_OTHER_LABEL = '4006381333948';
const BOLT_GS1 = ']C10104006381333931' + '10ZY7';
const NUT = '96385074';
const WASHER_GS1 = ']C10100036000291452' + '10ZY-9' + '\x1d' + '17271231';
const UNKNOWN = '5901234123457';
const AISLES = 'Aisles full count';
const BAY = 'Bay recount';
const CANCEL_REASON = 'Wrong bins, recount next week';

/** This test's own record of every line it counted: location, item (null: unknown barcode), quantity. */
interface Counted { device: 'A' | 'B'; locationId: string; itemId: string | null; quantity: number; undone?: boolean }
const counted: Counted[] = [];
/** Sales shipped server-side during the count, and whether the bin was counted before or after. */
const shipped: { locationId: string; itemId: string; quantity: number; at: number; countedAfter: boolean }[] = [];

let world: CountingWorld;
let aislesId: string;

beforeAll(async () => {
  world = await startCountingWorld();
  // Ana counts; Ben manages the count and approves it, which needs his authenticator.
  const ana = await createAccount(world.server, { displayName: 'Ana', role: 'operator' });
  const ben = await createAccount(world.server, { displayName: 'Ben', role: 'manager', authenticator: true });
  await signIn(world.a, ana);
  await signIn(world.b, ben);
});

afterAll(async () => {
  await world?.close();
});

async function createSession(name: string, locationCodes: string[], cycle?: { items: string[]; blind: boolean }): Promise<string> {
  const { b } = world;
  await b.getByRole('link', { name: 'Counting' }).click();
  await b.getByRole('button', { name: 'New session' }).click();
  const form = b.getByRole('form', { name: 'New count session' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  for (const code of locationCodes) await form.getByRole('checkbox', { name: new RegExp(`^${code} `) }).check();
  if (cycle) {
    await form.getByRole('radio', { name: /^Cycle count/ }).check();
    for (const sku of cycle.items) {
      await form.getByLabel('Find items').fill(sku);
      await form.getByRole('button', { name: new RegExp(`^Add ${sku} `) }).click();
    }
    if (cycle.blind) await form.getByRole('checkbox', { name: /^Blind count/ }).check();
  }
  await form.getByLabel('Tolerance, quantity (%)').fill('10');
  await form.getByLabel('Tolerance, value (in the site’s currency)').fill('1000');
  await form.getByRole('button', { name: 'Create session' }).click();
  await b.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }).waitFor();
  expect(await sessionStatus(b)).toBe('draft');
  await b.getByRole('button', { name: 'Start counting' }).click();
  await b.getByRole('button', { name: 'Count', exact: true }).waitFor();
  return sessionIdOf(b);
}

async function countScreen(page: typeof world.a, sessionId: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, `#/counting/${sessionId}/count`));
  await page.getByTestId('count-location').waitFor();
}

/** Scans an item `times` times on A, cycling through the ways a scanner can reach the screen. */
async function scanItem(page: typeof world.a, device: 'A' | 'B', locationId: string, itemId: string | null, labels: [string, Layout | 'keyboard'][], times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const [label, via] = labels[i % labels.length]!;
    await scan(page, label, via);
    counted.push({ device, locationId, itemId, quantity: 1 });
  }
}

describe('offline counting in Chromium, two desktops and one server', () => {
  it('lets the manager create and start sessions on B, and A receives them', async () => {
    aislesId = await createSession(AISLES, ['A-01', 'A-02']);
    await createSession(BAY, ['A-01']);
    await syncNow(world.b);
    await syncNow(world.a);
    const list = world.a.getByRole('table', { name: 'Count sessions' });
    await world.a.getByRole('link', { name: 'Counting' }).click();
    for (const name of [AISLES, BAY]) {
      await expect.poll(() => list.getByRole('row', { name: new RegExp(name) }).locator('[data-status]').getAttribute('data-status')).toBe('counting');
    }
  });

  it('counts 200 scans on A while it is offline, a German-layout PC included, and refuses bad input with a reason', async () => {
    const { a, b, networkA } = world;
    networkA.setMode('offline');
    networkA.dropConnections();
    await a.getByRole('button', { name: 'Sync now' }).click();
    await a.getByTestId('sync-connection').getByText('Offline').waitFor();
    // A sale ships washers from A-02 before A counts them: expected there drops by 5.
    await world.ship('loc_a2', 'itm_washer', 5);
    shipped.push({ locationId: 'loc_a2', itemId: 'itm_washer', quantity: 5, at: Date.now(), countedAfter: true });

    await countScreen(a, aislesId);
    expect(await a.getByTestId('count-location').innerText()).toBe('Scan a location label');
    await scan(a, 'A-01', 'de');
    await a.getByTestId('count-location').getByText('A-01 · Aisle 1').waitFor();

    const boltLabels: [string, Layout | 'keyboard'][] = [[BOLT, 'keyboard'], [BOLT_OTHER_LABEL, 'de'], [BOLT_GS1, 'de'], [BOLT_GS1, 'us']];
    await scanItem(a, 'A', 'loc_a1', 'itm_bolt', boltLabels, 70);
    await waitForTally(a, { recorded: 70 });

    // Meanwhile B counts the bolts in A-02 online, and then a sale ships 4 of them: B's count
    // happened before the sale, so the variance must not show the 4 as missing.
    await countScreen(b, aislesId);
    await scan(b, 'A-02', 'keyboard');
    await b.getByTestId('count-location').getByText('A-02 · Aisle 2').waitFor();
    await scanItem(b, 'B', 'loc_a2', 'itm_bolt', [[BOLT, 'keyboard']], 10);
    await waitForTally(b, { recorded: 10 });
    expect((await feedback(b)).kind).toBe('ok');
    await syncNow(b);
    await b.waitForTimeout(2_500); // the sale comes well after the count, whatever the clocks' rounding
    await world.ship('loc_a2', 'itm_bolt', 4);
    shipped.push({ locationId: 'loc_a2', itemId: 'itm_bolt', quantity: 4, at: Date.now(), countedAfter: false });

    await scanItem(a, 'A', 'loc_a1', 'itm_bolt', boltLabels, 69);
    await waitForTally(a, { recorded: 139 });
    expect(await feedback(a)).toEqual({ kind: 'ok', text: 'BOLT-M8 +1 Bolt M8' });
    // The GS1 labels' lot reads ZY7 from both layouts (a German PC swaps Y and Z).
    const lastScans = await a.getByRole('log', { name: 'Last scans' }).innerText();
    expect(lastScans.match(/Bolt M8 · lot ZY7/g)).toHaveLength(6);

    // Bad input: a GS1 message cut short, an absurd and a negative quantity. Nothing is recorded.
    await scan(a, ']C1011234', 'us');
    await waitForTally(a, { refused: 1 });
    expect(await feedback(a)).toEqual({ kind: 'error', text: expect.stringMatching(/^Not counted: \]C1011234 Cannot read this barcode: .+/) });
    await typeSlowly(a, '2000000', 'Enter');
    await waitForTally(a, { refused: 2 });
    expect(await feedback(a)).toEqual({ kind: 'error', text: expect.stringMatching(/cannot be counted The quantity is over 1,000,000: check it\.$/) });
    await typeSlowly(a, '-5', 'Enter');
    await waitForTally(a, { refused: 3 });
    expect((await feedback(a)).text).toMatch(/The quantity cannot be negative\.$/);

    // 41 nuts, one too many: F4 takes the last scan back.
    await scanItem(a, 'A', 'loc_a1', 'itm_nut', [[NUT, 'de'], [NUT, 'keyboard']], 41);
    await waitForTally(a, { recorded: 180 });
    await a.keyboard.press('F4');
    await waitForTally(a, { undone: 1 });
    counted.findLast((c) => c.itemId === 'itm_nut')!.undone = true;
    expect((await feedback(a)).text).toMatch(/^Undone: 96385074 ×1/);

    // Three frames: the quantity typed first, then the SKU label scanned (German layout: - is ß).
    await typeSlowly(a, '3', 'Enter');
    await a.getByTestId('next-quantity').getByText('Next scan counts 3').waitFor();
    await scan(a, 'FRAME-1', 'de');
    counted.push({ device: 'A', locationId: 'loc_a1', itemId: 'itm_frame', quantity: 3 });
    await waitForTally(a, { recorded: 181 });
    expect((await feedback(a)).text).toMatch(/^FRAME-1 \+3 Frame/);
    expect(await a.getByTestId('next-quantity').count()).toBe(0);

    // Not blind: the counter sees what is expected beside what was counted here.
    const here = a.getByRole('table', { name: 'Counted at this location' });
    await expect.poll(() => here.locator('[data-row="loc_a1|itm_nut"] td').allInnerTexts()).toEqual(['NUT-M8', 'Nut M8', '40', '37']);

    // washers with GS1 lot and expiry; the last scan counts the 2 typed just before it.
    await scan(a, 'A-02', 'keyboard');
    await a.getByTestId('count-location').getByText('A-02 · Aisle 2').waitFor();
    await a.waitForTimeout(Math.max(0, shipped[0]!.at + 2_500 - Date.now()));
    await scanItem(a, 'A', 'loc_a2', 'itm_washer', [[WASHER_GS1, 'de']], 17);
    await typeSlowly(a, '2', 'pause');
    await scan(a, WASHER_GS1, 'de');
    counted.push({ device: 'A', locationId: 'loc_a2', itemId: 'itm_washer', quantity: 2 });
    await waitForTally(a, { recorded: 199 });
    expect((await feedback(a)).text).toBe('WASHER-ZY +2 Washer ZY · lot ZY-9, expires 2027-12-31');

    // A barcode nobody knows: amber, kept and flagged, not lost.
    await scan(a, UNKNOWN, 'us');
    counted.push({ device: 'A', locationId: 'loc_a2', itemId: null, quantity: 1 });
    await waitForTally(a, { recorded: 200, undone: 1, refused: 3 });
    expect(await feedback(a)).toEqual({ kind: 'unknown', text: `Unknown barcode ${UNKNOWN} ×1 Kept and flagged for review at A-02.` });

    expect(counted.filter((c) => c.device === 'A')).toHaveLength(200);
    expect(await a.getByTestId('sync-connection').innerText()).toBe('Offline');
    await expect.poll(() => pendingCommands(a)).toBe(201); // 200 scans and one undo, all waiting
  });

  it('turns A’s scans in a session cancelled while it was offline into rejections with the reason, and exports them', async () => {
    const { a, b, networkA } = world;
    await openSession(b, BAY);
    const bayId = sessionIdOf(b);
    await countScreen(a, bayId);
    await scan(a, 'A-01', 'us');
    await a.getByTestId('count-location').getByText('A-01 · Aisle 1').waitFor();
    for (let i = 0; i < 5; i++) await scan(a, BOLT, 'keyboard');
    await waitForTally(a, { recorded: 5 });

    await b.getByRole('button', { name: 'Cancel session…' }).click();
    const dialog = b.getByRole('dialog', { name: `Cancel ${BAY}?` });
    await dialog.getByLabel('Reason').fill(CANCEL_REASON);
    await dialog.getByRole('button', { name: 'Cancel session' }).click();
    await syncNow(b);
    await expect.poll(() => sessionStatus(b)).toBe('cancelled');

    networkA.setMode('online');
    await syncNow(a);
    await a.getByTestId('sync-connection').getByText(/^Online/).waitFor();
    await openSession(a, BAY);
    const rejected = a.getByRole('region', { name: 'Rejected scans (5)' });
    await rejected.waitFor();
    expect(await rejected.getByRole('listitem').allInnerTexts()).toEqual(Array(5).fill(expect.stringContaining(`Session ${BAY} was cancelled; this scan was not recorded.`)));
    const file = await download(a, () => rejected.getByRole('button', { name: 'Export rejected scans (CSV)' }).click());
    expect(file.name).toBe('rejected-scans-Bay-recount.csv');
    const lines = file.bytes.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('action,location,barcode,quantity,counter,counted_at,rejected_at,reason');
    expect(lines.slice(1)).toEqual(Array(5).fill(expect.stringMatching(new RegExp(`^scan,A-01,${BOLT},1,Ana,.*,Session ${BAY} was cancelled; this scan was not recorded\\.$`))));

    // Nothing of the other session was refused.
    await openSession(a, AISLES);
    expect(await a.getByRole('region', { name: /^Rejected scans/ }).count()).toBe(0);
  });

  it('has the manager review on B, send the flagged row for a recount by someone else, and approve; the ledger matches', async () => {
    const { a, b } = world;
    await syncNow(b);
    await openSession(b, AISLES);
    await expect.poll(() => b.getByTestId('total-lines').innerText()).toBe('209'); // 200 + 10 − 1 undone
    await b.getByRole('button', { name: 'Submit for approval' }).click();
    await syncNow(b);
    await expect.poll(() => sessionStatus(b)).toBe('submitted');

    // Largest value first: the bolts of A-01 (139 counted of 200.5) are over tolerance.
    const rows = b.getByRole('table', { name: 'Variance by location and item' }).locator('tbody tr');
    expect(await rows.first().getAttribute('data-row')).toBe('loc_a1|itm_bolt');
    expect(await rows.first().locator('[data-status]').first().getAttribute('data-status')).toBe('needs_recount');
    await b.getByRole('combobox', { name: 'Status' }).selectOption('needs_recount');
    expect(await rows.count()).toBe(1);
    await b.getByRole('combobox', { name: 'Status' }).selectOption('all');
    expect(await b.getByRole('table', { name: 'Unknown barcodes' }).innerText()).toContain(UNKNOWN);
    await b.getByRole('button', { name: 'Request recount for all flagged (1)' }).click();
    await syncNow(b);
    await expect.poll(() => sessionStatus(b)).toBe('counting');

    // Ana counted it, so Ana may not recount it.
    await syncNow(a);
    await countScreen(a, aislesId);
    await scan(a, 'A-01', 'keyboard');
    await a.getByTestId('count-location').getByText('A-01 · Aisle 1').waitFor();
    await scan(a, BOLT, 'keyboard');
    await waitForTally(a, { refused: 1 });
    expect((await feedback(a)).text).toMatch(/A recount must be done by someone other than Ana/);

    // Ben recounts: 199 typed, then the bolt label scanned.
    await countScreen(b, aislesId);
    await scan(b, 'A-01', 'keyboard');
    await b.getByTestId('count-location').getByText('A-01 · Aisle 1').waitFor();
    await typeSlowly(b, '199', 'pause');
    await scan(b, BOLT, 'keyboard');
    await waitForTally(b, { recorded: 1 });
    expect((await feedback(b)).text).toBe('BOLT-M8 +199 Bolt M8');
    await syncNow(b);

    await openSession(b, AISLES);
    await b.getByRole('button', { name: 'Submit for approval' }).click();
    await syncNow(b);
    await expect.poll(() => sessionStatus(b)).toBe('submitted');
    await b.getByRole('button', { name: 'Approve…' }).click();
    const dialog = b.getByRole('dialog', { name: `Approve ${AISLES}?` });
    expect(await dialog.innerText()).toContain('This posts 3 count adjustments to the stock ledger');
    await dialog.getByRole('button', { name: 'Approve and post' }).click();
    await syncNow(b);
    await expect.poll(() => sessionStatus(b)).toBe('approved');

    // The expected figures, worked out from what this test counted and shipped.
    const db = world.server.db();
    const recount = { locationId: 'loc_a1', itemId: 'itm_bolt', quantity: 199 };
    const rowsCounted = new Map<string, number>();
    for (const c of counted) {
      if (c.itemId === null || c.undone) continue;
      const key = `${c.locationId}|${c.itemId}`;
      rowsCounted.set(key, (rowsCounted.get(key) ?? 0) + c.quantity);
    }
    rowsCounted.set(`${recount.locationId}|${recount.itemId}`, recount.quantity);
    const expectedAdjustments: Record<string, number> = {};
    const expectedOnHand: Record<string, number> = {};
    for (const [locationId, items] of Object.entries(STARTING_STOCK)) {
      for (const [itemId, frozen] of Object.entries(items)) {
        const key = `${locationId}|${itemId}`;
        const sales = shipped.filter((s) => s.locationId === locationId && s.itemId === itemId);
        // A sale before the bin was counted is not on the shelf when counted; one after it still was.
        const soldBeforeCount = sales.filter((s) => s.countedAfter).reduce((sum, s) => sum + s.quantity, 0);
        const soldAfterCount = sales.filter((s) => !s.countedAfter).reduce((sum, s) => sum + s.quantity, 0);
        const adjustment = rowsCounted.get(key)! - (frozen - soldBeforeCount);
        if (adjustment !== 0) expectedAdjustments[key] = adjustment;
        expectedOnHand[key] = rowsCounted.get(key)! - soldAfterCount;
      }
    }
    expect(expectedAdjustments).toEqual({ 'loc_a1|itm_bolt': -1.5, 'loc_a1|itm_nut': 3, 'loc_a2|itm_washer': -1 });

    const adjustments = await db.selectFrom('stock_movements').select(['location_id', 'item_id', 'quantity', 'movement_id'])
      .where('tenant_id', '=', TENANT).where('kind', '=', 'count_adjustment').execute();
    expect(Object.fromEntries(adjustments.map((m) => [`${m.location_id}|${m.item_id}`, Number(m.quantity)]))).toEqual(expectedAdjustments);
    expect(adjustments).toHaveLength(3);
    const onHand = await db.selectFrom('stock_movements').select(['location_id', 'item_id', sql<string>`sum(quantity)`.as('on_hand')])
      .where('tenant_id', '=', TENANT).where('site_id', '=', 'site_a').groupBy(['location_id', 'item_id']).execute();
    expect(Object.fromEntries(onHand.filter((r) => Number(r.on_hand) !== 0).map((r) => [`${r.location_id}|${r.item_id}`, Number(r.on_hand)]))).toEqual(expectedOnHand);
    const audit = await db.selectFrom('count_audit').select(['location_id', 'item_id', 'counters', 'adjustment', 'approved_by']).where('session_id', '=', aislesId).execute();
    expect(audit.find((r) => r.location_id === 'loc_a1' && r.item_id === 'itm_bolt')).toMatchObject({ counters: ['Ben'], approved_by: 'Ben' });
    expect(Number(audit.find((r) => r.location_id === 'loc_a1' && r.item_id === 'itm_bolt')?.adjustment)).toBe(-1.5);

    // No scan lost or doubled: the server holds every line of A once, as A counted it.
    const lines = await db.selectFrom('count_lines').innerJoin('devices', 'devices.id', 'count_lines.device_id')
      .select(['count_lines.id', 'devices.name as device', 'location_id', 'item_id', 'quantity', 'voided'])
      .where('session_id', '=', aislesId).execute();
    const summary = (rows: { device: string; locationId: string; itemId: string | null; quantity: number; voided: boolean }[]) => {
      const times = new Map<string, number>();
      for (const r of rows) {
        const key = `${r.device}|${r.locationId}|${r.itemId}|${r.quantity}|${r.voided}`;
        times.set(key, (times.get(key) ?? 0) + 1);
      }
      return Object.fromEntries([...times].sort());
    };
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
    expect(summary(lines.map((l) => ({ device: l.device, locationId: l.location_id, itemId: l.item_id, quantity: Number(l.quantity), voided: l.voided }))))
      .toEqual(summary([
        ...counted.map((c) => ({ device: c.device === 'A' ? 'Scanner A' : 'Office B', locationId: c.locationId, itemId: c.itemId, quantity: c.quantity, voided: c.undone === true })),
        { device: 'Office B', ...recount, voided: false },
      ]));
  });

  it('keeps expected quantities from the counter in a blind cycle count, and refuses items outside it', async () => {
    const { b } = world;
    const blindId = await createSession('Blind bolts', ['A-01'], { items: ['BOLT-M8'], blind: true });
    await syncNow(b);
    await countScreen(b, blindId);
    await scan(b, 'A-01', 'keyboard');
    await b.getByTestId('count-location').getByText('A-01 · Aisle 1').waitFor();
    await scan(b, BOLT, 'keyboard');
    await waitForTally(b, { recorded: 1 });
    await scan(b, NUT, 'keyboard');
    await waitForTally(b, { refused: 1 });
    expect((await feedback(b)).text).toBe(`Not counted: ${NUT} Item NUT-M8 is not part of cycle count Blind bolts.`);
    const here = b.getByRole('table', { name: 'Counted at this location' });
    await expect.poll(() => here.locator('[data-row="loc_a1|itm_bolt"] td').allInnerTexts()).toEqual(['BOLT-M8', 'Bolt M8', '1']);
    expect(await here.getByRole('columnheader').allInnerTexts()).toEqual(['SKU', 'Item', 'Counted']);

    await openSession(b, 'Blind bolts');
    const review = b.getByRole('table', { name: 'Variance by location and item' });
    expect(await review.getByRole('columnheader').allInnerTexts()).not.toContain('Expected');
    await b.getByRole('button', { name: 'Cancel session…' }).click();
    const dialog = b.getByRole('dialog', { name: 'Cancel Blind bolts?' });
    expect(await dialog.getByRole('button', { name: 'Cancel session' }).isDisabled()).toBe(true); // a reason first
    await dialog.getByLabel('Reason').fill('Only a test of the blind screen');
    await dialog.getByRole('button', { name: 'Cancel session' }).click();
    await syncNow(b);
    await expect.poll(() => sessionStatus(b)).toBe('cancelled');
  });

  it('shows on-hand, allocated and available per location on both desktops, and exports the reports', async () => {
    const { a, b } = world;
    await syncNow(a);
    for (const page of [a, b]) {
      await page.getByRole('link', { name: 'Stock' }).click();
      await page.getByRole('tab', { name: 'Stock levels' }).click();
      const table = page.getByRole('table', { name: 'Stock levels' });
      const cells = async (row: string) => {
        const tds = await table.locator(`[data-row="${row}"] td[data-value]`).all();
        return Promise.all(tds.map(async (td) => Number(await td.getAttribute('data-value'))));
      };
      await expect.poll(() => cells('loc_a1|itm_bolt')).toEqual([199, 0, 199]);
      await expect.poll(() => cells('loc_a2|itm_bolt')).toEqual([6, 2, 4]);
      expect(await cells('loc_a2|itm_washer')).toEqual([19, 0, 19]);
    }

    await openSession(b, AISLES);
    const reports = b.getByRole('region', { name: 'Reports' });
    for (const [report, stem] of [['Count sheet', 'count-sheet'], ['Variance report', 'variance']] as const) {
      for (const format of ['CSV', 'XLSX', 'PDF'] as const) {
        const file = await download(b, () => reports.getByRole('button', { name: `${report} as ${format}` }).click());
        expect(file.name).toMatch(new RegExp(`${stem}.*\\.${format.toLowerCase()}$`));
        if (format === 'PDF') expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
        if (format === 'XLSX') expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
        if (format === 'CSV') expect(file.bytes.toString('utf8')).toContain('BOLT-M8');
      }
    }
  });
});
