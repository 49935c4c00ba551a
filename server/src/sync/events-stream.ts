import type { JobEvent, Poke } from '@capliquify/shared';
import type { ServerResponse } from 'node:http';
import type { DeviceIdentity } from './device-auth.service';
import type { PokeBus } from './poke-bus';

export const HEARTBEAT_MS = 15_000;

export interface EventStream {
  /** Ends the stream (server shutdown). */
  end(): void;
}

/**
 * Serves one device's `text/event-stream`: `event: poke` with the device's changed scopes,
 * `event: job` with the progress of its tenant's background jobs, and a comment every 15 s so
 * proxies keep the connection and the device can tell a dead stream.
 */
export function openEventStream(res: ServerResponse, device: DeviceIdentity, bus: PokeBus, onEnd: () => void): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // The stream is the connection's last response: ending it (shutdown) closes the socket too.
    connection: 'close',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((change) => {
    if (change.tenantId !== device.tenantId) return;
    if (change.revokedDeviceIds?.includes(device.deviceId)) {
      // The device reconnects and is refused with DEVICE_REVOKED.
      endStream();
      return;
    }
    if (change.job) {
      const event: JobEvent = { ...change.job, tenantId: change.tenantId };
      res.write(`event: job\ndata: ${JSON.stringify(event)}\n\n`);
    }
    const scopes = change.scopes.filter((s) => device.scopes.includes(s));
    if (scopes.length === 0) return;
    const poke: Poke = { scopes, at: new Date().toISOString() };
    res.write(`event: poke\ndata: ${JSON.stringify(poke)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let ended = false;
  const cleanup = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    onEnd();
  };
  // A client that went away may leave its side half-open; nothing more will be written, so drop it.
  const socket = res.socket;
  res.on('close', () => {
    cleanup();
    socket?.destroy();
  });
  const endStream = () => {
    cleanup();
    res.end(() => socket?.destroy());
  };
  return { end: endStream };
}
