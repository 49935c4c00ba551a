import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { LocalRouter } from '../../../core/router/local-router';
import { messagePortLink, type ClientPort } from './message-port-link';

export type LocalClient = TRPCClient<LocalRouter>;

/** The message the Electron preload posts with the MessagePort to the core. */
export const PORT_MESSAGE = 'capliquify:port';
/** Posted by the renderer once it listens, so a preload that sent the port too early can resend it. */
export const PORT_REQUEST_MESSAGE = 'capliquify:port-request';

declare global {
  interface Window {
    capliquify?: { isElectron?: boolean };
  }
}

/**
 * Picks the transport to the local router: the MessagePort the Electron preload hands over, or
 * HTTP to the browser host that served this page.
 */
export async function connectLocalRouter(): Promise<LocalClient> {
  if (!window.capliquify?.isElectron) {
    return createTRPCClient<LocalRouter>({ links: [httpBatchLink({ url: '/rpc' })] });
  }
  return createTRPCClient<LocalRouter>({ links: [messagePortLink(await followCorePorts())] });
}

/**
 * Resolves with a port that always talks to the latest core: main sends a fresh MessagePort after
 * a reload or a restart of the core process, and later calls go through it. (A call in flight when
 * the core died is not answered; the screens' next poll or search recovers.)
 */
function followCorePorts(): Promise<ClientPort> {
  return new Promise((resolve) => {
    let current: MessagePort | null = null;
    const listeners: ((event: MessageEvent) => void)[] = [];
    const follower: ClientPort = {
      postMessage: (message) => current?.postMessage(message),
      addEventListener: (_type, listener) => {
        listeners.push(listener);
        current?.addEventListener('message', listener);
      },
      start: () => current?.start(),
    };
    window.addEventListener('message', (event: MessageEvent) => {
      const port = event.ports[0];
      if (event.source !== window || event.data !== PORT_MESSAGE || !port) return;
      current?.close();
      current = port;
      for (const listener of listeners) port.addEventListener('message', listener);
      port.start();
      resolve(follower);
    });
    window.postMessage(PORT_REQUEST_MESSAGE, window.location.origin === 'null' ? '*' : window.location.origin);
  });
}
