import { deviceHeaders } from './sync-http';

export interface SseStream {
  /** Resolves once the server's opening comment arrived: the device is subscribed. */
  connected: Promise<void>;
  close(): void;
}

/**
 * One device's `GET /events`, read the way the desktop reads it (fetch streaming with the device
 * credential). Calls `onPoke` with the arrival time of every `event: poke`.
 */
export function openSseStream(serverUrl: string, credential: string, onPoke: (arrivedAt: number) => void, now: () => number): SseStream {
  const abort = new AbortController();
  let markConnected: () => void = () => undefined;
  let failConnect: (error: Error) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    markConnected = resolve;
    failConnect = reject;
  });
  const read = async () => {
    const res = await fetch(`${serverUrl}/events`, { headers: { accept: 'text/event-stream', ...deviceHeaders(credential) }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`/events answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const arrivedAt = now();
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event === ': connected') markConnected();
        else if (event.startsWith('event: poke\n')) onPoke(arrivedAt);
      }
    }
  };
  read().catch((error: unknown) => {
    if (!abort.signal.aborted) failConnect(error instanceof Error ? error : new Error(String(error)));
  });
  return { connected, close: () => abort.abort() };
}
