import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesktopConfig } from './load-desktop-config';

describe('loadDesktopConfig', () => {
  it('falls back to the documented defaults', () => {
    const config = loadDesktopConfig({}, 'press-line-3');
    expect(config).toEqual({
      serverUrl: 'http://127.0.0.1:4000',
      dataDir: path.resolve('.data/desktop'),
      hostPort: 0,
      logLevel: 'info',
      enrollmentCode: null,
      stationName: 'press-line-3',
      appVersion: '0.0.0-dev',
      updateChannel: 'stable',
    });
  });

  it('reports the version and channel Electron main passes, or the npm package version in the browser host', () => {
    expect(loadDesktopConfig({ CAPLIQUIFY_APP_VERSION: '1.4.0-beta.2', CAPLIQUIFY_UPDATE_CHANNEL: 'beta', npm_package_version: '0.1.0' }))
      .toMatchObject({ appVersion: '1.4.0-beta.2', updateChannel: 'beta' });
    expect(loadDesktopConfig({ npm_package_version: '0.1.0' })).toMatchObject({ appVersion: '0.1.0', updateChannel: 'stable' });
    expect(() => loadDesktopConfig({ CAPLIQUIFY_UPDATE_CHANNEL: 'Beta/../x' })).toThrow(/CAPLIQUIFY_UPDATE_CHANNEL/);
  });

  it('reads the enrolment code and the station name, trimmed', () => {
    const config = loadDesktopConfig({ CAPLIQUIFY_ENROLLMENT_CODE: ' ABCD-EFGH-JKLM ', CAPLIQUIFY_STATION_NAME: ' Goods-in scanner ' }, 'host');
    expect(config).toMatchObject({ enrollmentCode: 'ABCD-EFGH-JKLM', stationName: 'Goods-in scanner' });
    expect(loadDesktopConfig({}).stationName).toBe(os.hostname());
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
    expect(() => loadDesktopConfig({ CAPLIQUIFY_ENROLLMENT_CODE: 'ab' })).toThrow(/CAPLIQUIFY_ENROLLMENT_CODE/);
  });
});
