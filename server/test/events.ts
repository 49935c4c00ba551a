import type { AddressInfo } from 'node:net';
import { pokeSchema, type Poke } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { deviceHeaders } from './sync';

export interface TestEventStream {
  contentType: string | null;
  /** The next poke; throws once the server has ended the stream. */
  nextPoke(): Promise<Poke>;
  /** Resolves when the server ends the stream (pokes and heartbeats before that are skipped). */
  ended(): Promise<void>;
  close(): Promise<void>;
}

/** A device's SSE connection, read as a real client reads it (fetch streaming). */
export async function openEvents(app: FastifyInstance, credential: string): Promise<TestEventStream> {
  const { port } = app.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/events`, { headers: deviceHeaders(credential) });
  if (res.status !== 200 || !res.body) throw new Error(`events answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const nextEvent = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return event;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += value;
    }
  };
  // The stream's opening comment: the subscription is in place before anything is pushed.
  expect(await nextEvent()).toBe(': connected');
  return {
    contentType: res.headers.get('content-type'),
    nextPoke: async () => {
      for (;;) {
        const event = await nextEvent();
        if (event.startsWith(':')) continue;
        const lines = event.split('\n');
        expect(lines[0]).toBe('event: poke');
        return pokeSchema.parse(JSON.parse(lines[1]!.slice('data: '.length)));
      }
    },
    ended: async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return;
      }
    },
    close: () => reader.cancel(),
  };
}
