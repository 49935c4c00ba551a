import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_ORIGIN, contentSecurityPolicy, originOf } from './security-policy';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an `app://capliquify/…` request to a file under `rootDir`, or null when the request is not
 * ours or tries to escape the folder (`..`, encoded separators, NUL bytes). Extension-less paths
 * are client-side routes and get the app shell.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): string | null {
  if (originOf(requestUrl) !== APP_ORIGIN) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  // No legitimate asset URL climbs; refusing outright beats normalising a hostile path.
  if (pathname.split('/').includes('..')) return null;
  const relative = path.posix.normalize(pathname).replace(/^\/+/, '');
  if (relative === '' || path.posix.extname(relative) === '') return path.join(rootDir, 'index.html');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  const fromRoot = path.relative(root, file);
  if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return file;
}

/** Headers every app page carries; the CSP rides on the response itself, no meta tag needed. */
export function appResponseHeaders(filePath: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(filePath),
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}

/** The `app://` protocol handler: serves the built renderer from `rootDir`. */
export async function serveAppAsset(requestUrl: string, rootDir: string): Promise<Response> {
  const file = resolveAppAsset(requestUrl, rootDir);
  if (file === null) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
