import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { Core } from '../core/create-core';
import { SECURITY_HEADERS } from './security-headers';
import { send, serveStatic } from './static-files';

/** Where `npm run -w desktop build:renderer` writes the renderer. */
export const defaultRendererDir = path.resolve(import.meta.dirname, '../dist/renderer');

const LOOPBACK = new Set(['127.0.0.1', '::1']);
const RPC_PREFIX = '/rpc/';

export interface StartHostOptions {
  core: Pick<Core, 'router' | 'createContext'>;
  /** 0 picks any free port. */
  port: number;
  /** Must be a loopback address: the host has no authentication of its own. */
  host?: string;
  rendererDir?: string;
  logger?: Logger;
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

/**
 * The browser host: serves the built renderer and the local router (tRPC over HTTP at /rpc) from
 * one loopback origin, for kiosks, development and end-to-end tests in Chromium.
 */
export async function startHost({ core, port, host = '127.0.0.1', rendererDir = defaultRendererDir, logger }: StartHostOptions): Promise<RunningHost> {
  if (!LOOPBACK.has(host)) throw new Error(`The browser host listens on loopback only, not on ${host}`);
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    // A page on another origin (or a DNS-rebinding one) must not drive the local router.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'Misdirected request');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return send(res, 403, 'Forbidden origin');

    if (url.pathname === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok' }), 'application/json');
    if (url.pathname.startsWith(RPC_PREFIX)) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      res.setHeader('cache-control', 'no-store');
      void nodeHTTPRequestHandler({
        router: core.router,
        createContext: () => core.createContext(),
        req, res,
        path: url.pathname.slice(RPC_PREFIX.length),
        onError: ({ error, path: procedure }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR') logger?.error({ err: error, procedure }, 'local router failed');
        },
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    serveStatic(rendererDir, url.pathname, req.method, res).catch((error: unknown) => {
      logger?.error({ err: error }, 'serving the renderer failed');
      if (!res.headersSent) send(res, 500, 'Internal error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const hostName = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostName}:${actualPort}`, `localhost:${actualPort}`]);
  const url = `http://${hostName}:${actualPort}`;
  logger?.info({ url, rendererDir }, 'browser host listening');

  return {
    url,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
