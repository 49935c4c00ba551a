import type { ContextBridge } from 'electron';
import { readVersionArgument } from '../main/ipc-channels';
import { answerPortRequests, forwardCorePorts, type BridgeIpc, type BridgeWindow } from './port-bridge';

/** The one name the page sees the bridge under: `window.capliquify`. */
export const BRIDGE_KEY = 'capliquify';

/** Everything the page can see of Electron: no ipcRenderer, no functions, no Node. */
export interface CapliquifyBridge {
  readonly isElectron: true;
  readonly version: string;
}

export function createBridge(argv: readonly string[]): CapliquifyBridge {
  return Object.freeze({ isElectron: true, version: readVersionArgument(argv) });
}

/**
 * The whole preload: the data-only bridge in the page's world, and the MessagePort relay between
 * main and the page (which never sees `ipcRenderer`). Electron's objects are handed in by preload.ts.
 */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipc: BridgeIpc, win: BridgeWindow, argv: readonly string[]): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(argv));
  forwardCorePorts(ipc, win);
  answerPortRequests(ipc, win);
}
