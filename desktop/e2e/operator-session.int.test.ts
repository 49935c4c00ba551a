// Issue 5's plant floor through the desktop core against the real server: a person signs in
// online (the sign-in bound to the station's device), sets a PIN, later signs in with it while the
// station is offline and records stock; an administrator takes their role away meanwhile, and the
// server refuses what they queued, with the reason, when it arrives. A manager who signed in
// without an authenticator code cannot approve a count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertPerson } from '../../server/test/people';
import { openCountingStation, type CountingStation } from './support/counting-station';
import { SITE, startTestServer, type TestServer } from './support/sync-server';

let server: TestServer | null = null;
let station: CountingStation | null = null;
let dir: string | null = null;
afterEach(async () => {
  await station?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  server = station = dir = null;
});

async function world() {
  server = await startTestServer('postgres', 'operator-session');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-operator-'));
  station = await openCountingStation(server, dir, 'press-line-3');
  await station.sync();
  return { server, station };
}

const receipt = { siteId: SITE, locationId: 'loc_a1', itemId: 'itm_bolt', kind: 'receipt' as const, quantity: 1 };

describe('operators at a station, against the real server', () => {
  it('signs in online, then offline with a PIN; a role taken away meanwhile refuses the queued work with the reason', async () => {
    const { server, station } = await world();
    const anna = await insertPerson(server.db(), { email: 'anna@plant-a.test', displayName: 'Anna', password: 'forklift 42', grants: [{ siteId: SITE, role: 'operator' }] });
    const { caller } = station;

    await expect(caller.session.signIn({ email: 'anna@plant-a.test', password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', cause: { code: 'UNAUTHORIZED' } });
    const { operator } = await caller.session.signIn({ email: 'anna@plant-a.test', password: 'forklift 42' });
    expect(operator).toEqual({ userId: anna.userId, email: 'anna@plant-a.test', displayName: 'Anna', grants: [{ siteId: SITE, role: 'operator' }], mfa: false, hasPin: false });
    const signIns = await server.db().selectFrom('sign_ins').select(['device_id', 'mfa']).where('user_id', '=', anna.userId).execute();
    expect(signIns).toEqual([{ device_id: station.deviceId, mfa: false }]);
    await caller.session.setPin({ pin: '2580' });
    await caller.commands.recordMovement(receipt);
    await station.sync();

    // Later, the network is down: Anna signs in again with her PIN and records two receipts.
    station.network.setMode('offline');
    await caller.session.signOut();
    await expect(caller.commands.recordMovement(receipt)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.session.signIn({ email: 'anna@plant-a.test', password: 'forklift 42' })).rejects.toMatchObject({
      cause: { code: 'OFFLINE', message: 'You are offline: sign in with your PIN.' },
    });
    await caller.session.unlockWithPin({ userId: anna.userId, pin: '2580' });
    await caller.commands.recordMovement(receipt);
    await caller.commands.recordMovement(receipt);

    // Meanwhile an administrator takes Anna's role at Plant A away.
    await server.db().deleteFrom('role_grants').where('user_id', '=', anna.userId).execute();
    station.network.setMode('online');
    await station.sync();
    const rejected = await station.engine.rejections();
    expect(rejected.map((r) => [r.mutationId, r.code, r.reason])).toEqual([
      [3, 'FORBIDDEN', 'Anna has no role at Plant A.'], [2, 'FORBIDDEN', 'Anna has no role at Plant A.'],
    ]);
    const posted = await server.db().selectFrom('stock_movements').select('movement_id').where('movement_id', 'is not', null).execute();
    expect(posted).toHaveLength(1);
  });

  it('lets a manager who signed in without an authenticator code run a count but not approve it', async () => {
    const { server, station } = await world();
    await insertPerson(server.db(), { email: 'mia@plant-a.test', displayName: 'Mia', password: 'clipboard 7', grants: [{ siteId: SITE, role: 'manager' }] });
    const { caller } = station;
    await caller.session.signIn({ email: 'mia@plant-a.test', password: 'clipboard 7' });
    const { sessionId } = await caller.counting.create({
      siteId: SITE, name: 'Aisle 1', kind: 'full', blind: false, locationIds: ['loc_a1'], itemIds: null, toleranceQtyPct: 100, toleranceValueMinor: 1_000_000, counters: [],
    });
    await caller.counting.start({ sessionId });
    await station.sync();
    await caller.counting.scan({ sessionId, locationId: 'loc_a1', raw: 'BOLT-M8', quantity: 200.5 });
    await caller.counting.scan({ sessionId, locationId: 'loc_a1', raw: 'FRAME-1', quantity: 3 });
    await caller.counting.submit({ sessionId });
    await station.sync();
    await caller.counting.approve({ sessionId });
    await station.sync();
    expect((await station.engine.rejections()).map((r) => [r.name, r.reason])).toEqual([
      ['counting.approveSession', 'Approving a count needs a manager who signed in with their authenticator code.'],
    ]);
    expect((await caller.counting.session({ sessionId })).session).toMatchObject({ status: 'submitted', createdBy: 'Mia', approvedBy: null });
  });
});
