import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The contract is the core's own config reader, so the test runs the real one.
// eslint-disable-next-line no-restricted-imports
import { loadDesktopConfig } from '../core/config/load-desktop-config';
import { coreProcessEnv } from './core-env';

const userData = path.resolve('/home/op/.config/CapLiquify');

describe('coreProcessEnv', () => {
  it('puts the replica in the per-user data folder by default', () => {
    const env = coreProcessEnv({ PATH: '/usr/bin' }, userData);
    expect(loadDesktopConfig(env).dataDir).toBe(path.join(userData, 'desktop'));
  });

  it('keeps a data folder the station configured', () => {
    expect(loadDesktopConfig(coreProcessEnv({ CAPLIQUIFY_DATA_DIR: '/srv/cap' }, userData)).dataDir).toBe(path.resolve('/srv/cap/desktop'));
    expect(coreProcessEnv({ CAPLIQUIFY_DESKTOP_DATA_DIR: '/srv/replica' }, userData).CAPLIQUIFY_DESKTOP_DATA_DIR).toBe('/srv/replica');
  });

  it('passes the server URL through and drops variables that would subvert the core', () => {
    const env = coreProcessEnv(
      { CAPLIQUIFY_SERVER_URL: 'https://sync.example', NODE_OPTIONS: '--require /tmp/evil.js', ELECTRON_RUN_AS_NODE: '1', EMPTY: undefined },
      userData,
    );
    expect(env.CAPLIQUIFY_SERVER_URL).toBe('https://sync.example');
    expect(env).not.toHaveProperty('NODE_OPTIONS');
    expect(env).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
    expect(env).not.toHaveProperty('EMPTY');
  });

  it('tells the core the app version and update channel it reports with every pull', () => {
    const env = coreProcessEnv({ CAPLIQUIFY_UPDATE_CHANNEL: 'stable' }, userData, { version: '1.4.0-beta.2', channel: 'beta' });
    expect(loadDesktopConfig(env)).toMatchObject({ appVersion: '1.4.0-beta.2', updateChannel: 'beta' });
  });
});
