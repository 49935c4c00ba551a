import { describe, expect, it } from 'vitest';
import { loadUpdaterConfig } from './updater-config';

describe('loadUpdaterConfig', () => {
  const packaged = { version: '1.4.0', isPackaged: true };

  it('polls the sync server for the build’s own channel by default', () => {
    expect(loadUpdaterConfig({}, packaged)).toEqual({ enabled: true, feedUrl: 'http://127.0.0.1:4000/updates/stable', channel: 'stable', appVersion: '1.4.0' });
    expect(loadUpdaterConfig({ CAPLIQUIFY_SERVER_URL: 'https://sync.example.com/' }, { version: '1.5.0-beta.1', isPackaged: true }).feedUrl)
      .toBe('https://sync.example.com/updates/beta');
  });

  it('takes another feed or channel when the station is told one, and can be turned off', () => {
    const config = loadUpdaterConfig({ CAPLIQUIFY_UPDATE_URL: 'https://cdn.example.com/capliquify', CAPLIQUIFY_UPDATE_CHANNEL: 'pilot' }, packaged);
    expect(config).toMatchObject({ feedUrl: 'https://cdn.example.com/capliquify/updates/pilot', channel: 'pilot' });
    expect(loadUpdaterConfig({ CAPLIQUIFY_UPDATES: 'off' }, packaged).enabled).toBe(false);
    expect(loadUpdaterConfig({ CAPLIQUIFY_UPDATE_URL: '' }, packaged).feedUrl).toBe('http://127.0.0.1:4000/updates/stable');
  });

  it('never updates an app that is not packaged (npm run desktop)', () => {
    expect(loadUpdaterConfig({}, { version: '0.1.0', isPackaged: false }).enabled).toBe(false);
  });

  it('starts a build whose version names no channel on stable rather than refusing to start', () => {
    expect(loadUpdaterConfig({}, { version: '1.4.0-1', isPackaged: false }).channel).toBe('stable');
  });

  it('names every bad variable', () => {
    expect(() => loadUpdaterConfig({ CAPLIQUIFY_UPDATE_URL: 'ftp://x', CAPLIQUIFY_UPDATE_CHANNEL: 'Beta!' }, packaged))
      .toThrow(/CAPLIQUIFY_UPDATE_URL.*CAPLIQUIFY_UPDATE_CHANNEL|CAPLIQUIFY_UPDATE_CHANNEL.*CAPLIQUIFY_UPDATE_URL/);
    expect(() => loadUpdaterConfig({ CAPLIQUIFY_UPDATES: 'maybe' }, packaged)).toThrow(/CAPLIQUIFY_UPDATES/);
  });
});
