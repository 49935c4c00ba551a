import { describe, expect, it } from 'vitest';
import { IPC } from '../main/ipc-channels';
import { BRIDGE_KEY, exposeBridge } from './expose-bridge';
import type { BridgeIpc, BridgeWindow } from './port-bridge';

// contextBridge, ipcRenderer and window exist only inside Electron: these record what the preload
// hands the page and which channels it touches.
function preloadRun(argv: string[]) {
  const exposed: Array<{ key: string; api: unknown }> = [];
  const listened: string[] = [];
  const sent: string[] = [];
  const ipc: BridgeIpc = { on: (channel) => listened.push(channel), send: (channel) => sent.push(channel) };
  const win: BridgeWindow = { location: { origin: 'app://capliquify' }, postMessage: () => undefined, addEventListener: () => undefined };
  exposeBridge({ exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) }, ipc, win, argv);
  return { exposed, listened, sent };
}

describe('exposeBridge', () => {
  it('puts one frozen, data-only object in the page: isElectron and the version, nothing else', () => {
    const { exposed } = preloadRun(['--type=renderer', '--capliquify-version=1.4.2']);
    expect(exposed.map((e) => e.key)).toEqual([BRIDGE_KEY]);
    const api = exposed[0]!.api as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['isElectron', 'version']);
    expect(api).toEqual({ isElectron: true, version: '1.4.2' });
    expect(Object.values(api).some((value) => typeof value === 'function' || (typeof value === 'object' && value !== null))).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('never hands the page ipcRenderer or anything callable, however it is started', () => {
    const { exposed } = preloadRun([]);
    expect(JSON.parse(JSON.stringify(exposed))).toEqual([{ key: 'capliquify', api: { isElectron: true, version: 'unknown' } }]);
  });

  it('listens on the port channel only and sends nothing until the page asks', () => {
    const { listened, sent } = preloadRun([]);
    expect(listened).toEqual([IPC.port]);
    expect(sent).toEqual([]);
  });
});
