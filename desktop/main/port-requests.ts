import { IPC } from './ipc-channels';
import { APP_ORIGIN, isTrustedSender } from './security-policy';

export interface RequestingFrame {
  readonly url: string;
}

/** What main reads of an IPC message (Electron's IpcMainEvent; a plain object in the unit test). */
export interface PortRequestEvent<Sender> {
  senderFrame: RequestingFrame | null;
  sender: Sender & { mainFrame: RequestingFrame };
}

/** The part of `ipcMain` main listens with. */
export interface PortRequestIpc<Sender> {
  on(channel: string, listener: (event: PortRequestEvent<Sender>) => void): unknown;
}

/** Only our page's top frame: not a subframe (even one of ours), not a destroyed frame, not a page that navigated away. */
export function isAppMainFrame(frame: RequestingFrame | null, mainFrame: RequestingFrame, appOrigin: string = APP_ORIGIN): boolean {
  return frame !== null && frame === mainFrame && isTrustedSender(frame.url, appOrigin);
}

/**
 * Main's whole IPC intake: the one renderer → main channel, answered only for our page's top
 * frame. Main listens on nothing else, so a message on any other channel reaches no handler.
 */
export function listenForPortRequests<Sender>(ipc: PortRequestIpc<Sender>, answer: (sender: Sender) => void, log: (message: string) => void): void {
  ipc.on(IPC.requestPort, (event) => {
    if (!isAppMainFrame(event.senderFrame, event.sender.mainFrame)) {
      log(`refused a port request from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return;
    }
    answer(event.sender);
  });
}
