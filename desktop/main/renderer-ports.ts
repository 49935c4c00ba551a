import { ipcMain, MessageChannelMain, type WebContents } from 'electron';
import type { CoreProcess } from './core-process';
import { IPC } from './ipc-channels';
import { listenForPortRequests } from './port-requests';
import { APP_ORIGIN, isTrustedSender } from './security-policy';

/**
 * Gives a page a MessagePort whose other end is in the core, so tRPC goes renderer → core
 * directly and never through main. A page only gets one if it shows our origin.
 */
export function sendCorePort(contents: WebContents, core: CoreProcess): boolean {
  if (contents.isDestroyed() || !isTrustedSender(contents.mainFrame.url, APP_ORIGIN)) return false;
  const { port1, port2 } = new MessageChannelMain();
  if (!core.connect(port1)) {
    port1.close();
    port2.close();
    return false;
  }
  contents.postMessage(IPC.port, null, [port2]);
  return true;
}

/** Answers the preload's "give me a port", sent each time the page starts listening (every load and reload). */
export function handlePortRequests(core: CoreProcess, log: (message: string) => void): void {
  listenForPortRequests<WebContents>(ipcMain, (sender) => sendCorePort(sender, core), log);
}
