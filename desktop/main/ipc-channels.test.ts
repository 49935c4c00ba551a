import { describe, expect, it } from 'vitest';
import { IPC, isMainToRendererChannel, isRendererToMainChannel } from './ipc-channels';

describe('the IPC channel lists', () => {
  it('allow each channel in its own direction only', () => {
    expect(isRendererToMainChannel(IPC.requestPort)).toBe(true);
    expect(isMainToRendererChannel(IPC.port)).toBe(true);
    expect(isRendererToMainChannel(IPC.port)).toBe(false);
    expect(isMainToRendererChannel(IPC.requestPort)).toBe(false);
  });

  it.each(['capliquify:open-file', 'ELECTRON_BROWSER_REQUIRE', 'constructor', '__proto__', 'toString', '', `${IPC.requestPort} `, IPC.requestPort.toUpperCase()])(
    'refuse the unknown channel %j both ways',
    (channel) => {
      expect(isRendererToMainChannel(channel)).toBe(false);
      expect(isMainToRendererChannel(channel)).toBe(false);
    },
  );
});
