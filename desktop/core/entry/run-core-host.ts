import type { Logger } from 'pino';
import type { Core } from '../create-core';
import type { MessagePortLike } from '../transport/serve-over-message-port';
import { parseParentMessage, type CoreToParentMessage } from './core-host-protocol';
import { answerUpdateMessage } from './update-messages';

/** What Electron's `process.parentPort` offers a utility process (declared here: no `electron` import). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: readonly MessagePortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface CoreHostDeps {
  startCore(): Promise<Core>;
  serve(port: MessagePortLike, core: Core): void;
  exit(code: number): void;
  logger: Logger;
}

/**
 * Runs the core for Electron main: serves every renderer port main sends (one per page load, so
 * a reload reconnects), and closes the replica cleanly on `shutdown` before exiting. Ports that
 * arrive while the replica is still opening wait for it.
 */
export function runCoreHost(parentPort: ParentPortLike, deps: CoreHostDeps): void {
  const waiting: MessagePortLike[] = [];
  let core: Core | null = null;
  let shuttingDown = false;
  const send = (message: CoreToParentMessage) => parentPort.postMessage(message);

  const started = deps.startCore().then(
    (ready) => {
      core = ready;
      for (const port of waiting.splice(0)) deps.serve(port, ready);
      ready.updates.onNotice((notice) => send({ type: 'capliquify:notice', notice }));
      ready.startSync();
      send({ type: 'capliquify:ready', deviceId: ready.deviceId });
      return ready;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.fatal({ err: error }, 'desktop core failed to start');
      send({ type: 'capliquify:fatal', message });
      deps.exit(1);
      return null;
    },
  );

  parentPort.on('message', (event) => {
    const message = parseParentMessage(event.data);
    if (message === null) {
      deps.logger.warn('ignored an unknown message from main');
    } else if (message.type === 'capliquify:connect') {
      const port = event.ports[0];
      if (port === undefined || shuttingDown) return;
      if (core) deps.serve(port, core);
      else waiting.push(port);
    } else if (message.type === 'capliquify:shutdown') {
      void shutdown();
    } else {
      answerUpdateMessage(message, core && !shuttingDown ? core.updates : null, send);
    }
  });

  async function shutdown(): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    try {
      await (await started)?.close();
    } catch (error) {
      deps.logger.error({ err: error }, 'desktop core did not close cleanly');
    } finally {
      deps.exit(0);
    }
  }
}
