// Sandboxed preload, bundled with its imports into dist/preload/preload.cjs: a sandboxed preload
// can require only `electron` and a few polyfills, not our modules.
import { contextBridge, ipcRenderer } from 'electron';
import { readVersionArgument } from '../main/ipc-channels';
import { answerPortRequests, forwardCorePorts, type BridgeWindow } from './port-bridge';

/** Everything the page can see of Electron: no ipcRenderer, no functions, no Node. */
export interface CapliquifyBridge {
  readonly isElectron: true;
  readonly version: string;
}

const bridge: CapliquifyBridge = { isElectron: true, version: readVersionArgument(process.argv) };
contextBridge.exposeInMainWorld('capliquify', bridge);

const win = globalThis as unknown as BridgeWindow;
forwardCorePorts(ipcRenderer, win);
answerPortRequests(ipcRenderer, win);
