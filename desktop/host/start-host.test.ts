import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDesktopConfig } from '../core/config/load-desktop-config';
import { createCore, type Core } from '../core/create-core';
import type { LocalRouter } from '../core/router/local-router';
import { silentLogger } from '../core/test/silent-logger';
import { startHost, type RunningHost } from './start-host';

let dir: string;
let core: Core;
let host: RunningHost;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-host-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc123.js'), 'export {};');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  // No server is running: the core answers from its (empty) replica regardless.
  core = await createCore(loadDesktopConfig({ CAPLIQUIFY_DESKTOP_DATA_DIR: path.join(dir, 'data'), CAPLIQUIFY_SERVER_URL: 'http://127.0.0.1:9' }), { logger: silentLogger });
  host = await startHost({ core, port: 0, rendererDir });
});
afterAll(async () => {
  await host.close();
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(`${host.url}${urlPath}`, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

describe('startHost', () => {
  it('listens on loopback only and refuses any other address', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(startHost({ core, port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });

  it('answers the health check', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('serves the renderer with a strict CSP, revalidating index.html and caching fingerprinted assets', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>app</title>');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(index.headers['cache-control']).toBe('no-cache');

    const asset = await get('/assets/index-abc123.js');
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('falls back to index.html for app routes but not for missing files, and never leaves its folder', async () => {
    expect((await get('/stock/items')).body).toContain('<title>app</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/../secret.txt')).body).not.toContain('do not serve');
    expect((await get('/..%2fsecret.txt')).body).not.toContain('do not serve');
  });

  it('serves the local router over HTTP at /rpc', async () => {
    const client = createTRPCClient<LocalRouter>({ links: [httpBatchLink({ url: `${host.url}/rpc` })] });
    const [status, items] = await Promise.all([client.sync.status.query(), client.items.search.query({ q: '', limit: 10, offset: 0 })]);
    expect(status.counts).toEqual({ sites: 0, locations: 0, items: 0, stockLevels: 0 });
    expect(items).toEqual({ rows: [], total: 0 });
  });

  it('refuses requests for another host name or from another origin', async () => {
    expect((await get('/healthz', { host: 'evil.example:80' })).status).toBe(421);
    expect((await get('/rpc/sync.status', { origin: 'http://evil.example' })).status).toBe(403);
    const port = new URL(host.url).port;
    expect((await get('/healthz', { host: `localhost:${port}` })).status).toBe(200);
  });
});
