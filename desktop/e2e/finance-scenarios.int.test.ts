// Working-capital scenarios from the desktop core against the real server: an admin saves one on
// the server (`workingCapital.scenarios.*`, as themselves), saves another with the network down
// (kept on the station, said so), and the next list online hands it to the server; deleting a
// saved one offline is refused with the reason. A finance manager, who may look but not save for
// the team, has theirs kept on the station with the server's own reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertPerson } from '../../server/test/people';
import { openCountingStation, type CountingStation } from './support/counting-station';
import { TENANT, startTestServer, type TestServer } from './support/sync-server';

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
  server = await startTestServer('postgres', 'finance-scenarios');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-finance-scenarios-'));
  station = await openCountingStation(server, dir, 'finance-desk');
  await station.sync();
  return { server, station };
}

const onServer = async (server: TestServer) => (await server.db().selectFrom('finance_scenarios').select('name').where('tenant_id', '=', TENANT).orderBy('name').execute()).map((r) => r.name);

describe('scenarios saved from a finance workstation, against the real server', () => {
  it('saves on the server when online, keeps on the station when not, and hands those over at the next list', async () => {
    const { server, station } = await world();
    await insertPerson(server.db(), { email: 'ada@finance.test', password: 'ledger 99', displayName: 'Ada', grants: [{ siteId: null, role: 'admin' }] });
    const { caller } = station;
    await caller.session.signIn({ email: 'ada@finance.test', password: 'ledger 99' });

    const first = await caller.finance.scenarios.save({ scenario: { name: 'Collect sooner', customers: { all: { shiftDays: -10 } } } });
    expect(first).toMatchObject({ savedTo: 'server', notice: null, scenario: { name: 'Collect sooner', origin: 'server' } });
    expect(await onServer(server)).toEqual(['Collect sooner']);
    // A name already taken is refused, as the server says.
    await expect(caller.finance.scenarios.save({ scenario: { name: 'Collect sooner' } })).rejects.toMatchObject({ code: 'CONFLICT' });

    station.network.setMode('offline');
    const second = await caller.finance.scenarios.save({ scenario: { name: 'Pay later', suppliers: { all: { termsDays: 60 } } } });
    expect(second).toMatchObject({ savedTo: 'station', scenario: { origin: 'local' } });
    expect(second.notice).toMatch(/^Kept on this station: the server is out of reach/);
    const offline = await caller.finance.scenarios.list();
    expect(offline.source).toBe('station');
    expect(offline.scenarios.map((s) => [s.name, s.origin])).toEqual([['Collect sooner', 'server'], ['Pay later', 'local']]);
    await expect(caller.finance.scenarios.delete({ id: first.scenario.id })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    station.network.setMode('online');
    const online = await caller.finance.scenarios.list();
    expect(online).toMatchObject({ source: 'server', notice: null });
    expect(online.scenarios.map((s) => [s.name, s.origin])).toEqual([['Collect sooner', 'server'], ['Pay later', 'server']]);
    expect(await onServer(server)).toEqual(['Collect sooner', 'Pay later']);

    await caller.finance.scenarios.delete({ id: first.scenario.id });
    expect(await onServer(server)).toEqual(['Pay later']);
    expect((await caller.finance.scenarios.list()).scenarios.map((s) => s.name)).toEqual(['Pay later']);
  });

  it('keeps a finance manager’s scenario on the station with the server’s reason', async () => {
    const { server, station } = await world();
    await insertPerson(server.db(), { email: 'fay@finance.test', password: 'ledger 98', displayName: 'Fay', grants: [{ siteId: null, role: 'manager' }] });
    await station.caller.session.signIn({ email: 'fay@finance.test', password: 'ledger 98' });
    const saved = await station.caller.finance.scenarios.save({ scenario: { name: 'Less stock', inventory: { all: { changePct: -20 } } } });
    expect(saved).toMatchObject({ savedTo: 'station', scenario: { origin: 'local' } });
    expect(saved.notice).toBe('Kept on this station: the server did not take it (This needs the admin role; you are manager.)');
    expect(await onServer(server)).toEqual([]);
    const list = await station.caller.finance.scenarios.list();
    expect(list).toMatchObject({ source: 'server', scenarios: [{ name: 'Less stock', origin: 'local' }] });
    expect(list.notice).toMatch(/^Some scenarios stay on this station only: This needs the admin role/);
  });
});
