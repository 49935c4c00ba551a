import {
  IPC, WINDOW_PORT_MESSAGE, WINDOW_PORT_REQUEST_MESSAGE, isMainToRendererChannel, isRendererToMainChannel,
} from '../main/ipc-channels';

/** The part of `ipcRenderer` the preload uses. */
export interface BridgeIpc {
  on(channel: string, listener: (event: { ports: readonly unknown[] }) => void): unknown;
  send(channel: string): void;
}

/** The part of `window` the preload uses (the electron project has no DOM lib). */
export interface BridgeWindow {
  location: { origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown; source: unknown }) => void): void;
}

/** The preload's only way to listen: a channel not on the main → renderer list throws. */
export function listenToMain(ipc: BridgeIpc, channel: string, listener: (event: { ports: readonly unknown[] }) => void): void {
  if (!isMainToRendererChannel(channel)) throw new Error(`preload may not listen on ${channel}`);
  ipc.on(channel, listener);
}

/** The preload's only way to send: a channel not on the renderer → main list throws. */
export function sendToMain(ipc: BridgeIpc, channel: string): void {
  if (!isRendererToMainChannel(channel)) throw new Error(`preload may not send on ${channel}`);
  ipc.send(channel);
}

/**
 * Hands each MessagePort main sends (after a load, a reload or a core restart) to the page as a
 * `'capliquify:port'` window message. A MessagePort cannot cross contextBridge, but it can cross
 * `window.postMessage`.
 */
export function forwardCorePorts(ipc: BridgeIpc, win: BridgeWindow): void {
  listenToMain(ipc, IPC.port, (event) => {
    if (event.ports.length !== 1) return;
    // Addressed to our own origin, so the port is dropped if the page somehow is not ours.
    const origin = win.location.origin;
    win.postMessage(WINDOW_PORT_MESSAGE, origin === 'null' ? '*' : origin, [...event.ports]);
  });
}

/**
 * Asks main for a port each time the page says it is listening. Asking earlier (on load) would
 * hand the port to nobody when the page connects after an await.
 */
export function answerPortRequests(ipc: BridgeIpc, win: BridgeWindow): void {
  win.addEventListener('message', (event) => {
    if (event.source === win && event.data === WINDOW_PORT_REQUEST_MESSAGE) sendToMain(ipc, IPC.requestPort);
  });
}
