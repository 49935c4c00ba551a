// The Fleet screen's core against the real server: an admin with a second factor, signed in at a
// station through the core, publishes a release (the server computes its sha512), widens, pauses
// and resumes it, marks the station as canary, and asks the station for a diagnostic bundle. The
// station's next sync uploads its recent log lines (kept in memory by its logger), and the admin
// downloads them. The server's refusals arrive as the sentences the screen shows.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEnrollmentCode } from '@capliquify/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/config/create-logger';
import { loadDesktopConfig } from '../core/config/load-desktop-config';
import { createCore, REPLICA_FILE, type Core } from '../core/create-core';
import { createLogRing } from '../core/diagnostics/log-ring';
import { openReplica } from '../core/replica/open-replica';
import { localRouter } from '../core/router/local-router';
import { SyncMetaKey, getSyncMeta } from '../core/sync-engine/outbox.repo';
import { authenticatorCode, createAccount, type Account } from './support/accounts';
import { SITE, TENANT, startTestServer, type TestServer } from './support/sync-server';

let server: TestServer;
let core: Core;
let dir: string;
let caller: ReturnType<typeof localRouter.createCaller>;
let ada: Account;
const logRing = createLogRing();

beforeAll(async () => {
  server = await startTestServer('postgres', 'fleet-core');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-fleet-core-'));
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
  const config = loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dir, CAPLIQUIFY_APP_VERSION: '1.0.0', LOG_LEVEL: 'silent' });
  core = await createCore(config, { logger: createLogger('silent', 'desktop', logRing), logRing, enrollWith: { code, name: 'Line 3 scanner' } });
  caller = localRouter.createCaller(core.createContext());
  expect((await caller.sync.now()).lastError).toBeNull();
  ada = await createAccount(server, { displayName: 'Ada Admin', role: 'admin', siteId: null, authenticator: true });
  await caller.session.signIn({ email: ada.email, password: ada.password, totpCode: authenticatorCode(ada) });
});

afterAll(async () => {
  await core?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the Fleet screen’s calls through the core', () => {
  it('lists this station with what it reported, and publishes a release whose sha512 the server computed', async () => {
    const overview = await caller.fleet.overview();
    expect(overview.totals).toMatchObject({ devices: 1, dataAtRisk: 0 });
    const [station] = await caller.fleet.devices({ status: 'active' });
    expect(station).toMatchObject({ id: core.deviceId, name: 'Line 3 scanner', appVersion: '1.0.0', channel: 'stable', canary: false, revoked: false });

    const exe = randomBytes(50_000);
    const published = await caller.fleet.publish({
      channel: 'stable', version: '2.0.0', notes: 'Faster scans', files: [
        { name: 'CapLiquify-Setup-2.0.0.exe', base64: exe.toString('base64') },
        { name: 'CapLiquify-Setup-2.0.0.exe.blockmap', base64: randomBytes(300).toString('base64') },
        // This station runs where the test does: give it a build for its platform too.
        { name: 'CapLiquify-2.0.0-x86_64.AppImage', base64: randomBytes(20_000).toString('base64') },
      ],
    });
    expect(published).toMatchObject({ created: true, release: { version: '2.0.0', channel: 'stable', state: 'rolling', reach: 'canary', notes: 'Faster scans', platforms: ['windows', 'linux'] } });
    expect(published.release.files.find((f) => f.name.endsWith('.exe'))).toEqual({ name: 'CapLiquify-Setup-2.0.0.exe', platform: 'windows', size: exe.length, sha512: createHash('sha512').update(exe).digest('base64') });
    expect((await caller.fleet.releases()).map((r) => r.version)).toEqual(['2.0.0']);
  });

  it('marks the station as canary, widens, pauses and resumes the rollout, and moves the station to another channel and back', async () => {
    const releaseId = (await caller.fleet.releases())[0]!.id;
    expect(await caller.fleet.setDeviceCanary({ deviceId: core.deviceId, canary: true })).toEqual({ deviceId: core.deviceId, canary: true });
    expect((await caller.fleet.overview()).releases).toEqual([expect.objectContaining({ releaseId, reach: 'canary', eligible: 1 })]);
    expect((await caller.fleet.promote({ releaseId, promotion: { ring: 'percent', percent: 25 } })).reach).toBe('canary + 25% of the rest');
    expect((await caller.fleet.pause({ releaseId })).state).toBe('paused');
    await expect(caller.fleet.promote({ releaseId, promotion: { ring: 'all' } })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is paused; resume it before widening it') });
    expect((await caller.fleet.resume({ releaseId })).state).toBe('rolling');
    expect((await caller.fleet.setDeviceChannel({ deviceId: core.deviceId, channel: 'beta' })).channel).toBe('beta');
    expect((await caller.fleet.devices({ status: 'active' }))[0]).toMatchObject({ channel: 'beta', assignedChannel: 'beta' });
    expect((await caller.fleet.setDeviceChannel({ deviceId: core.deviceId, channel: null })).channel).toBeNull();
    expect((await caller.fleet.channels()).map((c) => c.name)).toEqual(['stable', 'beta']);
  });

  it('gets a diagnostic bundle from the station at its next sync: its state and its recent log lines, no secrets', async () => {
    const { requestId } = await caller.fleet.requestDiagnostics({ deviceId: core.deviceId });
    expect((await caller.fleet.diagnostics())[0]).toMatchObject({ id: requestId, uploadedAt: null });
    await expect(caller.fleet.downloadDiagnostics({ requestId })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('has not sent diagnostic bundle') });

    // The pull answer asks; the bundle goes with that same sync.
    expect((await caller.sync.now()).lastError).toBeNull();
    const [bundle] = await caller.fleet.diagnostics();
    expect(bundle).toMatchObject({ id: requestId, deviceName: 'Line 3 scanner', contentType: 'application/x-ndjson', uploadedAt: expect.any(String) });
    expect((await caller.fleet.overview()).totals.diagnosticsPending).toBe(0);

    const file = await caller.fleet.downloadDiagnostics({ requestId, deviceName: 'Line 3 scanner' });
    expect(file).toMatchObject({ fileName: `diagnostics-line-3-scanner-${requestId}.ndjson`, contentType: 'application/x-ndjson' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.length).toBe(bundle!.sizeBytes);
    const [first, ...lines] = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      bundle: 'capliquify-diagnostics', requestId, deviceId: core.deviceId, appVersion: '1.0.0',
      status: expect.objectContaining({ enrolled: true, connection: 'online' }), health: expect.objectContaining({ appVersion: '1.0.0', outboxDepth: 0 }),
      logLines: lines.length, logLinesOmitted: 0,
    });
    expect(lines.map((l) => l.msg)).toContain('desktop core ready');
    // The device credential never leaves in a bundle.
    const replica = await openReplica(path.join(dir, REPLICA_FILE));
    const credential = await getSyncMeta(replica.db, SyncMetaKey.Credential);
    await replica.close();
    expect(credential).toMatch(/.{20,}/);
    expect(text).not.toContain(credential!);
  });

  it('gives the server’s reason for what it refuses', async () => {
    await expect(caller.fleet.publish({ channel: 'stable', version: 'two', files: [{ name: 'a.exe', base64: 'AAAA' }] }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"two" is not a semantic version') });
    await expect(caller.fleet.publish({ channel: 'stable', version: '2.1.0', files: [{ name: 'notes.txt', base64: 'AAAA' }] }))
      .rejects.toMatchObject({ message: expect.stringContaining('notes.txt is not an installer') });
    await expect(caller.fleet.revokeDevice({ deviceId: 'dev_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No device "dev_nobody".' });
  });
});
