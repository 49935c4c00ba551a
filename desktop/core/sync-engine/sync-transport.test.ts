import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_APP_VERSION, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION } from '@capliquify/shared';
import { makeCatalog } from '../test/fake-catalog';
import { SyncTransportError, createSyncTransport } from './sync-transport';
import { startFakeProtocolServer, type FakeProtocolServer } from './test/fake-protocol-server';

let server: FakeProtocolServer;
beforeAll(async () => {
  server = await startFakeProtocolServer(makeCatalog(2));
});
afterAll(() => server.close());

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as SyncTransportError);

describe('createSyncTransport', () => {
  it('sends the device credential and validates the answers against the shared schemas', async () => {
    let credential: string | null = null;
    const transport = createSyncTransport({ serverUrl: server.url, credential: () => credential });
    expect(await failure(transport.pull({ cursors: {}, limit: 10 }))).toMatchObject({ kind: 'unauthorized', code: 'UNAUTHORIZED' });
    const enrolled = await transport.enroll({ code: server.state.issueCode('site-a'), name: 'x' });
    credential = enrolled.credential;
    const page = await transport.pull({ cursors: {}, limit: 10 });
    expect(page).toMatchObject({ scopes: ['catalog', 'site:site-a'], lastMutationId: 0, hasMore: false });
    expect(await failure(transport.push({ commands: [{ mutationId: 2, name: 'x', args: {}, createdAt: 'now' }] }))).toMatchObject({ kind: 'mutation_gap' });
    server.faults.updateRequired = true;
    expect(await failure(transport.pull({ cursors: {}, limit: 10 }))).toMatchObject({ kind: 'update_required' });
    server.faults.updateRequired = false;
    const device = server.state.devices.get(enrolled.deviceId);
    if (device) device.revoked = true;
    expect(await failure(transport.pull({ cursors: {}, limit: 10 }))).toMatchObject({ kind: 'revoked', message: expect.stringMatching(/can be exported/) });
  });

  it('refuses a pull answer whose row document is not an object', async () => {
    const transport = createSyncTransport({ serverUrl: server.url, credential: () => null });
    const enrolled = await transport.enroll({ code: server.state.issueCode('site-a'), name: 'y' });
    server.state.rows.set('item|item-odd', { scope: 'catalog', entity: 'item', id: 'item-odd', version: 99, deleted: false, data: ['not', 'an', 'object'] as never });
    const authed = createSyncTransport({ serverUrl: server.url, credential: () => enrolled.credential });
    expect(await failure(authed.pull({ cursors: {}, limit: 100 }))).toMatchObject({ kind: 'transient', message: expect.stringMatching(/did not match the protocol/) });
    server.state.rows.delete('item|item-odd');
  });

  it('calls a body over the server’s limit too large, on the tRPC procedures and the plain pull route alike', async () => {
    let credential: string | null = null;
    const transport = createSyncTransport({ serverUrl: server.url, credential: () => credential });
    credential = (await transport.enroll({ code: server.state.issueCode('site-a'), name: 'z' })).credential;
    server.faults.bodyLimitBytes = 64;
    try {
      const commands = [{ mutationId: 1, name: 'inventory.recordMovement', args: { note: 'x'.repeat(100) }, createdAt: 'now' }];
      expect(await failure(transport.push({ commands }))).toMatchObject({ kind: 'too_large', code: 'PAYLOAD_TOO_LARGE' });
      const cursors = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`site:s${i}`, null]));
      expect(await failure(transport.pull({ cursors, limit: 10 }))).toMatchObject({ kind: 'too_large', code: 'PAYLOAD_TOO_LARGE' });
    } finally {
      server.faults.bodyLimitBytes = null;
    }
  });

  it('sends the versions it is given (the app’s own too), and the shared constants by default', async () => {
    const seen: (string | undefined)[][] = [];
    const probe = http.createServer((req, res) => {
      seen.push([HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, HEADER_APP_VERSION].map((name) => req.headers[name] as string | undefined));
      res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"code":"SERVICE_UNAVAILABLE"}');
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    try {
      const serverUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
      await failure(createSyncTransport({ serverUrl, credential: () => null }).pull({ cursors: {}, limit: 1 }));
      await failure(createSyncTransport({ serverUrl, credential: () => null, protocolVersion: 7, schemaVersion: 9, appVersion: '1.4.0' }).pull({ cursors: {}, limit: 1 }));
      expect(seen).toEqual([[String(PROTOCOL_VERSION), String(SCHEMA_VERSION), undefined], ['7', '9', '1.4.0']]);
    } finally {
      probe.closeAllConnections();
      await new Promise((resolve) => probe.close(resolve));
    }
  });

  it('calls a server it cannot reach unreachable', async () => {
    const transport = createSyncTransport({ serverUrl: 'http://127.0.0.1:9', credential: () => 'a.b' });
    const error = await failure(transport.pull({ cursors: {}, limit: 1 }));
    expect(error).toBeInstanceOf(SyncTransportError);
    expect(error).toMatchObject({ kind: 'unreachable' });
  });
});
