import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCatalog } from '../test/fake-catalog';
import { createSyncTransport } from '../sync-engine/sync-transport';
import { startFakeProtocolServer, type FakeProtocolServer } from '../sync-engine/test/fake-protocol-server';
import { createAdminService } from './admin.service';
import { createJobEventsStore } from './job-events.store';

let server: FakeProtocolServer;
beforeEach(async () => {
  server = await startFakeProtocolServer(makeCatalog(2));
});
afterEach(async () => {
  await server.close();
});

async function adminAs(role: 'admin' | 'operator') {
  const email = `${role}@plant.test`;
  server.accounts.add({ email, password: 'pw', displayName: role, grants: [{ siteId: null, role }] });
  const transport = createSyncTransport({ serverUrl: server.url, credential: () => null, timeoutMs: 2_000 });
  const { accessToken } = await transport.signIn({ email, password: 'pw' });
  return createAdminService({ server: transport, accessToken: async () => accessToken!, jobEvents: createJobEventsStore() });
}

describe('the admin service’s errors, as the screens show them', () => {
  it('answers an admin, and gives a non-admin the server’s reason as FORBIDDEN', async () => {
    await expect((await adminAs('admin')).deadLetters()).resolves.toEqual([]);
    await expect((await adminAs('operator')).deadLetters()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'This needs the admin role.' });
  });
  it('says to sign in again when the server no longer takes the token, and OFFLINE without a network', async () => {
    const transport = createSyncTransport({ serverUrl: server.url, credential: () => null, timeoutMs: 2_000 });
    const stale = createAdminService({ server: transport, accessToken: async () => 'not-a-token', jobEvents: createJobEventsStore() });
    await expect(stale.deadLetters()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^Sign in again/) });
    server.faults.offline = true;
    await expect(stale.deadLetters()).rejects.toMatchObject({ code: 'OFFLINE' });
  });
});
