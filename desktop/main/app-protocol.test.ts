import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAppAsset, serveAppAsset } from './app-protocol';
import { contentSecurityPolicy } from './security-policy';

let root: string;

beforeAll(async () => {
  const parent = await mkdtemp(path.join(tmpdir(), 'capliquify-protocol-'));
  root = path.join(parent, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(parent, 'secret.txt'), 'device key');
});

afterAll(async () => {
  await rm(path.dirname(root), { recursive: true, force: true });
});

describe('resolveAppAsset', () => {
  it('serves the app shell for the root and for client-side routes', () => {
    expect(resolveAppAsset('app://capliquify/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset('app://capliquify/counting/42', root)).toBe(path.join(root, 'index.html'));
  });

  it('maps assets inside the renderer folder', () => {
    expect(resolveAppAsset('app://capliquify/assets/index-abc.js?v=1', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it.each(['app://capliquify/../secret.txt', 'app://capliquify/%2e%2e/secret.txt'])(
    'keeps %s inside the renderer folder (URL parsing folds its dot segments)',
    (url) => {
      expect(resolveAppAsset(url, root)).toBe(path.join(root, 'secret.txt'));
    },
  );

  it.each([
    'app://capliquify/assets/..%2f..%2fsecret.txt',
    'app://capliquify/..%5csecret.txt',
    'app://capliquify/index.html%00.png',
    'app://capliquify/%E0%A4%A.js',
    'app://other/index.html',
    'https://capliquify/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(url, root)).toBeNull();
  });
});

describe('serveAppAsset', () => {
  it('serves files with their type and the CSP', async () => {
    const response = await serveAppAsset('app://capliquify/index.html', root);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('id="root"');
  });

  it('answers 404 for a missing asset and for a traversal attempt, never the file', async () => {
    expect((await serveAppAsset('app://capliquify/assets/missing.js', root)).status).toBe(404);
    const traversal = await serveAppAsset('app://capliquify/%2e%2e/secret.txt', root);
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain('device key');
  });
});

describe('contentTypeFor', () => {
  it('labels scripts so Chromium runs them as modules, and unknown files as binary', () => {
    expect(contentTypeFor('a/b/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('favicon.ico')).toBe('image/x-icon');
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});
