import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Poke } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../test/silent-logger';
import { readEvents, startLiveEvents } from './live-events.client';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('readEvents', () => {
  it('parses events split across chunks, with CRLF, skipping heartbeat comments', async () => {
    const seen: [string, string][] = [];
    await readEvents(streamOf([': hb\n\nevent: po', 'ke\r\ndata: {"scopes":["catalog"],', '"at":"t"}\r\n\r\n', 'data: a\ndata: b\n\n', 'event: poke\n']), (e, d) => seen.push([e, d]));
    expect(seen).toEqual([['poke', '{"scopes":["catalog"],"at":"t"}'], ['message', 'a\nb']]);
  });
});

describe('startLiveEvents', () => {
  it("ignores event kinds it does not know (a newer server's job progress) and still hears pokes", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      res.write('event: job\ndata: {"job":"import","jobId":"j1","fraction":0.5,"tenantId":"tnt_demo"}\n\n');
      res.write('event: poke\ndata: {"scopes":["catalog"],"at":"t"}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const pokes: Poke[] = [];
    const poked = new Promise<void>((resolve) => {
      const live = startLiveEvents({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, headers: () => ({}), logger: silentLogger, onConnectionChange: () => {},
        onPoke: (poke) => {
          pokes.push(poke);
          live.stop();
          resolve();
        },
      });
    });
    try {
      await poked;
      expect(pokes).toEqual([{ scopes: ['catalog'], at: 't' }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
