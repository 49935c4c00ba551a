import { describe, expect, it } from 'vitest';
import { readEvents } from './live-events.client';

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
