import { describe, expect, it } from 'vitest';
import { readVersionArgument } from './ipc-channels';
import { mainWindowOptions } from './window-options';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preloadPath: '/app/dist/preload/preload.cjs', appVersion: '1.4.2' });
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, with no Node and web security on', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
  });

  it('sets no other preference (enableBlinkFeatures, a partition, …) without this test saying so', () => {
    expect(Object.keys(prefs).sort()).toEqual([
      'additionalArguments', 'allowRunningInsecureContent', 'contextIsolation', 'experimentalFeatures', 'navigateOnDragDrop', 'nodeIntegration',
      'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'preload', 'safeDialogs', 'sandbox', 'spellcheck', 'webSecurity', 'webviewTag',
    ]);
  });

  it('loads our bundled preload and hands it the version it may expose', () => {
    expect(prefs.preload).toBe('/app/dist/preload/preload.cjs');
    expect(readVersionArgument(prefs.additionalArguments ?? [])).toBe('1.4.2');
  });
});

describe('readVersionArgument', () => {
  it('reads the version among Chromium switches', () => {
    expect(readVersionArgument(['--type=renderer', '--capliquify-version=2.0.0-beta.3', '--lang=en'])).toBe('2.0.0-beta.3');
  });

  it('does not echo a missing or malformed value into the page', () => {
    expect(readVersionArgument(['--type=renderer'])).toBe('unknown');
    expect(readVersionArgument(['--capliquify-version=<img src=x onerror=alert(1)>'])).toBe('unknown');
  });
});
