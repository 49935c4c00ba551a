import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesktopConfig } from './load-desktop-config';

describe('loadDesktopConfig', () => {
  it('falls back to the documented defaults', () => {
    const config = loadDesktopConfig({});
    expect(config).toEqual({
      serverUrl: 'http://127.0.0.1:4000',
      dataDir: path.resolve('.data/desktop'),
      hostPort: 0,
      logLevel: 'info',
    });
  });

  it('puts the desktop data under CAPLIQUIFY_DATA_DIR unless its own folder is given', () => {
    expect(loadDesktopConfig({ CAPLIQUIFY_DATA_DIR: '/tmp/cq' }).dataDir).toBe('/tmp/cq/desktop');
    expect(loadDesktopConfig({ CAPLIQUIFY_DATA_DIR: '/tmp/cq', CAPLIQUIFY_DESKTOP_DATA_DIR: '/tmp/own' }).dataDir).toBe('/tmp/own');
  });

  it('parses the port and trims a trailing slash from the server URL', () => {
    const config = loadDesktopConfig({ HOST_PORT: '5173', CAPLIQUIFY_SERVER_URL: 'http://10.0.0.5:4000/', LOG_LEVEL: 'debug' });
    expect(config.hostPort).toBe(5173);
    expect(config.serverUrl).toBe('http://10.0.0.5:4000');
    expect(config.logLevel).toBe('debug');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadDesktopConfig({ HOST_PORT: 'eighty' })).toThrow(/HOST_PORT/);
    expect(() => loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: 'not a url' })).toThrow(/CAPLIQUIFY_SERVER_URL/);
    expect(() => loadDesktopConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
