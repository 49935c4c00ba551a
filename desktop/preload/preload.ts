// Sandboxed preload, bundled with its imports into dist/preload/preload.cjs: a sandboxed preload
// can require only `electron` and a few polyfills, not our modules.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './expose-bridge';
import type { BridgeWindow } from './port-bridge';

exposeBridge(contextBridge, ipcRenderer, globalThis as unknown as BridgeWindow, process.argv);
