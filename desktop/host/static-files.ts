import fs from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { SECURITY_HEADERS } from './security-headers';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built renderer from `rootDir`. Paths without a file extension fall back to
 * index.html (the SPA's own routes); a missing asset is a plain 404 so a stale tab fails loudly.
 */
export async function serveStatic(rootDir: string, urlPath: string, method: string, res: ServerResponse): Promise<void> {
  const root = path.resolve(rootDir);
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return send(res, 400, 'Bad request');
  }
  const requested = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (requested !== root && !requested.startsWith(`${root}${path.sep}`)) return send(res, 404, 'Not found');

  const file = (await isFile(requested)) ? requested : path.extname(requested) === '' ? path.join(root, 'index.html') : null;
  if (!file || !(await isFile(file))) {
    return send(res, 404, file ? 'The renderer is not built: run npm run -w desktop build:renderer' : 'Not found');
  }
  const body = await fs.readFile(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': MIME_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': cacheControl(root, file),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

// Vite fingerprints everything under assets/, so those never change; index.html must be revalidated.
function cacheControl(root: string, file: string): string {
  return file.startsWith(path.join(root, 'assets') + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export function send(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(text);
}
