import type { Logger } from 'pino';
import { jobEventSchema, pokeSchema, type JobEvent, type Poke } from '@capliquify/shared';
import { backoffDelay, type Backoff } from './sync-engine-status';

export interface LiveEventsOptions {
  url: string;
  headers(): Record<string, string>;
  onPoke(poke: Poke): void;
  /** Progress of a background job of the tenant (`event: job`); ignored when not given. */
  onJob?(event: JobEvent): void;
  onConnectionChange(connected: boolean): void;
  logger: Logger;
  backoff?: Backoff;
}

export interface LiveEvents { stop(): void }

/**
 * Listens to the server's `GET /events` stream (fetch streaming, so it can send the device's
 * authorization header, which EventSource cannot) and reconnects with backoff when it drops.
 */
export function startLiveEvents({ url, headers, onPoke, onJob, onConnectionChange, logger, backoff = { initialMs: 1000, maxMs: 60_000 } }: LiveEventsOptions): LiveEvents {
  const abort = new AbortController();
  let failures = 0;
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers() }, signal: abort.signal });
        if (!response.ok || !response.body) throw new Error(`The event stream answered ${response.status}`);
        failures = 0;
        onConnectionChange(true);
        await readEvents(response.body, (event, data) => {
          if (event === 'job' && onJob) {
            const job = jobEventSchema.safeParse(safeJson(data));
            if (job.success) onJob(job.data);
            return;
          }
          if (event !== 'poke') return;
          const poke = pokeSchema.safeParse(safeJson(data));
          if (poke.success) onPoke(poke.data);
        });
      } catch (error) {
        if (abort.signal.aborted) break;
        logger.debug({ err: error }, 'live event stream failed');
      }
      onConnectionChange(false);
      failures += 1;
      await sleep(backoffDelay(failures, backoff), abort.signal);
    }
  };
  void loop();
  return { stop: () => abort.abort() };
}

/** Parses `text/event-stream` framing: fields until a blank line; comments (heartbeats) ignored. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
      if (line === '') {
        if (data.length > 0) onEvent(event, data.join('\n'));
        event = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
