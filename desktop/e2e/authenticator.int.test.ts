// A manager enrols an authenticator from the desktop core against the real server: the core
// renews their access token with the rotating refresh token it keeps in the replica, begins and
// confirms the authenticator with `authorization: Bearer`; the next sign-in needs the code and
// counts as second factor, so the manager's approval of a count is applied. A spent refresh token
// presented again ends the sign-in, and the core says to sign in again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { base32Decode, totpAt } from '../../server/src/auth/totp';
import { insertPerson } from '../../server/test/people';
import { findOperator, setRefreshToken } from '../core/session/operators.repo';
import { createOperatorSession } from '../core/session/operator-session.service';
import { loadCredentials } from '../core/sync-engine/device-credentials';
import { createSyncTransport } from '../core/sync-engine/sync-transport';
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

const MIA = { email: 'mia@plant-a.test', password: 'clipboard 7' };

async function world() {
  server = await startTestServer('postgres', 'authenticator');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-authenticator-'));
  station = await openCountingStation(server, dir, 'goods-in');
  await station.sync();
  const mia = await insertPerson(server.db(), { ...MIA, displayName: 'Mia', grants: [{ siteId: SITE, role: 'manager' }] });
  return { server, station, mia };
}

/** The station's session service as a restarted core has it: the same replica, no token in memory. */
async function restarted(station: CountingStation) {
  const credentials = await loadCredentials(station.replica.db);
  return createOperatorSession({ db: station.replica.db, auth: createSyncTransport({ serverUrl: station.network.url, credential: credentials.get }) });
}

const codeNow = (secret: string) => totpAt(base32Decode(secret), Date.now() / 1000);
/** A code the app does not show now (nor one step either side, which the server also takes). */
const wrongCode = (secret: string) => {
  const near = new Set([-30, 0, 30].map((s) => totpAt(base32Decode(secret), Date.now() / 1000 + s)));
  return ['000000', '111111', '222222', '333333'].find((code) => !near.has(code))!;
};

describe('an authenticator enrolled from the desktop, against the real server', () => {
  it('is enrolled with the person’s own sign-in; the next sign-in needs its code, and the manager’s approval is applied', async () => {
    const { server, station, mia } = await world();
    const { caller } = station;
    expect((await caller.session.signIn(MIA)).operator).toMatchObject({ mfa: false });

    const { secret, otpauthUri } = await caller.session.beginAuthenticator();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/CapLiquify:mia%40plant-a\.test\?secret=[A-Z2-7]+&issuer=CapLiquify/);
    await expect(caller.session.confirmAuthenticator({ code: wrongCode(secret) })).rejects.toMatchObject({
      cause: { code: 'BAD_REQUEST', message: expect.stringContaining('That code is not right') },
    });
    await expect(caller.session.confirmAuthenticator({ code: codeNow(secret) })).resolves.toEqual({ totpEnabled: true });
    const user = await server.db().selectFrom('users').select('totp_enabled').where('id', '=', mia.userId).executeTakeFirstOrThrow();
    expect(user.totp_enabled).toBe(true);

    // A restarted core holds no access token: it renews with the refresh token in the replica.
    const signedInWith = (await findOperator(station.replica.db, mia.userId))!.refresh_token;
    await expect((await restarted(station)).beginAuthenticator()).rejects.toMatchObject({ code: 'AUTHENTICATOR_EXISTS' });
    expect((await findOperator(station.replica.db, mia.userId))!.refresh_token).not.toBe(signedInWith);

    await caller.session.signOut();
    await expect(caller.session.signIn(MIA)).rejects.toMatchObject({ cause: { code: 'SECOND_FACTOR_REQUIRED' } });
    expect((await caller.session.signIn({ ...MIA, totpCode: codeNow(secret) })).operator).toMatchObject({ displayName: 'Mia', mfa: true });
    const signIns = await server.db().selectFrom('sign_ins').select(['device_id', 'mfa', 'revoked_at']).where('user_id', '=', mia.userId).orderBy('created_at').execute();
    expect(signIns).toEqual([
      { device_id: station.deviceId, mfa: false, revoked_at: null },
      { device_id: station.deviceId, mfa: true, revoked_at: null },
    ]);

    const { sessionId } = await caller.counting.create({
      siteId: SITE, name: 'Aisle 1', kind: 'full', blind: false, locationIds: ['loc_a1'], itemIds: null, toleranceQtyPct: 100, toleranceValueMinor: 1_000_000, counters: [],
    });
    await caller.counting.start({ sessionId });
    await station.sync();
    await caller.counting.scan({ sessionId, locationId: 'loc_a1', raw: 'BOLT-M8', quantity: 200 });
    await caller.counting.scan({ sessionId, locationId: 'loc_a1', raw: 'FRAME-1', quantity: 3 });
    await caller.counting.submit({ sessionId });
    await station.sync();
    await caller.counting.approve({ sessionId });
    await station.sync();
    expect(await station.engine.rejections()).toEqual([]);
    expect((await caller.counting.session({ sessionId })).session).toMatchObject({ approvedBy: 'Mia' });
  });

  it('says to sign in again once a spent refresh token was presented (the server ends that sign-in), and OFFLINE without a network', async () => {
    const { server, station, mia } = await world();
    await station.caller.session.signIn(MIA);
    const row = (await findOperator(station.replica.db, mia.userId))!;
    await (await restarted(station)).accessToken();

    station.network.setMode('offline');
    await expect((await restarted(station)).beginAuthenticator()).rejects.toMatchObject({ code: 'OFFLINE' });
    station.network.setMode('online');

    // Someone copied the replica before the renewal and presents the spent token.
    await setRefreshToken(station.replica.db, mia.userId, row.sign_in_id, row.refresh_token);
    await expect((await restarted(station)).beginAuthenticator()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^Sign in again/) });
    const signIn = await server.db().selectFrom('sign_ins').select('revoked_at').where('id', '=', row.sign_in_id).executeTakeFirstOrThrow();
    expect(signIn.revoked_at).not.toBeNull();
    expect((await findOperator(station.replica.db, mia.userId))!.refresh_token).toBeNull();
  });
});
