import type { AddressInfo } from 'node:net';
import { jobEventSchema, type JobEvent } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { deviceHeaders } from '../../../test/sync';

/** A device's live stream read as the desktop reads it (fetch streaming), keeping only `event: job`. */
export async function openJobEvents(app: FastifyInstance, credential: string): Promise<{ next(): Promise<JobEvent>; close(): Promise<void> }> {
  const { port } = app.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/events`, { headers: deviceHeaders(credential) });
  if (res.status !== 200 || !res.body) throw new Error(`events answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const nextFrame = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return frame;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += value;
    }
  };
  // The opening comment: the subscription is in place before anything is published.
  if ((await nextFrame()) !== ': connected') throw new Error('the event stream did not open with its comment');
  return {
    next: async () => {
      for (;;) {
        const [event, data] = (await nextFrame()).split('\n');
        if (event === 'event: job') return jobEventSchema.parse(JSON.parse(data!.slice('data: '.length)));
      }
    },
    close: () => reader.cancel(),
  };
}
