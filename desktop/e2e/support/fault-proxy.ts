// A device's network, faulted at the edge: an HTTP proxy on loopback in front of the real server
// that can be offline, lose the next response after the server has answered (the server already
// committed), deliver the next request twice, or cut every connection in flight.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultMode = 'online' | 'offline';

export interface FaultProxy {
  url: string;
  setMode(mode: FaultMode): void;
  /** The next request reaches the server, but its answer never reaches the device. */
  loseNextResponse(): void;
  /** The next request reaches the server twice (a retry the device never knew about). */
  duplicateNextRequest(): void;
  /**
   * Cuts every open connection now, whatever its request is doing: not sent yet, at the server
   * (which may still commit it), or with its answer on the way back. A cable pulled mid-request.
   * Returns how many it cut.
   */
  dropConnections(): number;
  close(): Promise<void>;
}

async function forward(upstream: URL, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const headers = { ...req.headers, host: upstream.host };
  return new Promise((resolve, reject) => {
    const out = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  let mode: FaultMode = 'online';
  let loseNext = false;
  let duplicateNext = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode === 'offline') return void req.socket.destroy();
      const lose = loseNext;
      const duplicate = duplicateNext;
      loseNext = false;
      duplicateNext = false;
      const body = Buffer.concat(chunks);
      const send = duplicate ? forward(upstream, req, body).then(() => forward(upstream, req, body)) : forward(upstream, req, body);
      send.then(
        (answer) => {
          if (lose) return void req.socket.destroy();
          const { 'transfer-encoding': _te, connection: _c, 'keep-alive': _ka, ...headers } = answer.headers;
          res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length), connection: 'close' });
          res.end(answer.body);
        },
        () => req.socket.destroy(),
      );
    });
  });
  // Keep-alive sockets would outlive a switch to offline, and one the proxy closed while idle
  // resets the next request sent on it: every answer says `connection: close`, so every request
  // gets a fresh connection.
  server.keepAliveTimeout = 1;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next;
    },
    loseNextResponse: () => {
      loseNext = true;
    },
    duplicateNextRequest: () => {
      duplicateNext = true;
    },
    dropConnections: () => {
      const cut = sockets.size;
      for (const socket of sockets) socket.destroy();
      return cut;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
