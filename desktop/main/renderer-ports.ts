import { ipcMain, MessageChannelMain, type WebContents } from 'electron';
import type { CoreProcess } from './core-process';
import { IPC } from './ipc-channels';
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
  ipcMain.on(IPC.requestPort, (event) => {
    const frame = event.senderFrame;
    // Only our page's top frame; a subframe or a foreign page gets nothing.
    if (frame === null || frame !== event.sender.mainFrame || !isTrustedSender(frame.url, APP_ORIGIN)) {
      log(`refused a port request from ${frame?.url ?? 'a destroyed frame'}`);
      return;
    }
    sendCorePort(event.sender, core);
  });
}
