import http from 'node:http';
import { SYNC_PULL_PATH, type PullResponse } from '@capliquify/shared';
import { deviceHeaders } from './sync-http';

// The simulated fleet plays 200 stations in ONE process on a 2-core machine that also runs the
// server and PostgreSQL. fetch and web streams cost that process more CPU per request than the
// server spends answering it (profiled: the fleet was busy 90% of the time, and the pull times it
// measured were mostly its own queue). Real stations each have their own machine, so the fleet
// speaks the same HTTP through node:http with keep-alive, which costs the simulation far less.

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** The desktop's pull request (`POST /sync/pull`, device headers, JSON body), answered as JSON. */
export function leanPull(serverUrl: string, credential: string, cursors: Record<string, string | null>, limit = 2_000): Promise<PullResponse> {
  const body = JSON.stringify({ cursors, limit });
  const url = new URL(SYNC_PULL_PATH, serverUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { ...deviceHeaders(credential), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${SYNC_PULL_PATH} answered ${res.statusCode}: ${text.slice(0, 200)}`));
        else resolve(JSON.parse(text) as PullResponse);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface LeanSseStream {
  /** Resolves once the server's opening comment arrived: the device is subscribed. */
  connected: Promise<void>;
  close(): void;
}

/** One device's `GET /events`; calls `onPoke` with the arrival time of every `event: poke`. */
export function openLeanSseStream(serverUrl: string, credential: string, onPoke: (arrivedAt: number) => void, now: () => number): LeanSseStream {
  let markConnected: () => void = () => undefined;
  let failConnect: (error: Error) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    markConnected = resolve;
    failConnect = reject;
  });
  let closed = false;
  // A stream holds its socket for good: its own agent-less connection, not one from the pool.
  const req = http.get(new URL('/events', serverUrl), { headers: { accept: 'text/event-stream', ...deviceHeaders(credential) } }, (res) => {
    if (res.statusCode !== 200) {
      failConnect(new Error(`/events answered ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const arrivedAt = now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event === ': connected') markConnected();
        else if (event.startsWith('event: poke\n')) onPoke(arrivedAt);
      }
    });
  });
  req.on('error', (error) => {
    if (!closed) failConnect(error);
  });
  return {
    connected,
    close: () => {
      closed = true;
      req.destroy();
    },
  };
}
