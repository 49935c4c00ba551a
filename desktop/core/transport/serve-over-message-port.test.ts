import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { initTRPC } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PortRequest, PortResponse } from './message-port-protocol';
import { serveOverMessagePort, type MessagePortLike } from './serve-over-message-port';

const t = initTRPC.create();
const router = t.router({
  items: t.router({ count: t.procedure.input(z.object({ of: z.string() })).query(({ input }) => ({ of: input.of, n: 3 })) }),
});

const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((port) => port.close()));

/** Electron's MessagePortMain hands listeners an event with `data`, and has no addEventListener. */
function likeElectronPortMain(port: MessagePort): MessagePortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    on: (_event, listener) => port.on('message', (data: unknown) => listener({ data })),
    start: () => port.start(),
  };
}

function ask(port: MessagePort, request: PortRequest): Promise<PortResponse> {
  return new Promise((resolve) => {
    port.once('message', (response: PortResponse) => resolve(response));
    port.postMessage(request);
  });
}

describe('serveOverMessagePort', () => {
  it('speaks the documented message format over a Node MessageChannel', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    serveOverMessagePort(port2, router, () => ({}));

    expect(await ask(port1, { id: 7, path: 'items.count', type: 'query', input: { of: 'bolts' } }))
      .toEqual({ id: 7, result: { data: { of: 'bolts', n: 3 } } });
    const missing = await ask(port1, { id: 8, path: 'items.nope', type: 'query', input: undefined });
    expect(missing).toMatchObject({ id: 8, error: { code: -32004, data: { code: 'NOT_FOUND', path: 'items.nope' } } });
  });

  it('works with a port that only has on(message), as in an Electron utility process', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    serveOverMessagePort(likeElectronPortMain(port2), router, () => ({}));

    const invalid = await ask(port1, { id: 1, path: 'items.count', type: 'query', input: { of: 42 } });
    expect(invalid).toMatchObject({ id: 1, error: { data: { code: 'BAD_REQUEST' } } });
  });
});
