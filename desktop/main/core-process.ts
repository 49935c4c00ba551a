import { utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import type { CoreToParentMessage, ParentToCoreMessage } from '../core/entry/core-host-protocol';
import { crashesAfterExit, restartDelayMs } from './restart-policy';

export interface CoreProcessOptions {
  modulePath: string;
  env: Record<string, string>;
  /** The core opened its replica and serves ports. */
  onReady(deviceId: string): void;
  /** A fresh core is up after a crash: renderers need new ports, the old ones died with it. */
  onRestart(): void;
  /** The core crashed too often in a row; `reason` is its last fatal message, if it sent one. */
  onGiveUp(reason: string | null): void;
  /** Every message from the core (the updater's answers and notices among them). */
  onMessage?(message: unknown): void;
  log(message: string): void;
}

export interface CoreProcess {
  /** Hands one end of a renderer's channel to the core; false when no core is running. */
  connect(port: MessagePortMain): boolean;
  /** Sends a message to the running core; false when none is running. */
  post(message: ParentToCoreMessage): boolean;
  /** Asks the core to close its replica, and kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Runs the desktop core in a utilityProcess, so SQLite work never blocks the window, and restarts it on a crash. */
export function startCoreProcess(options: CoreProcessOptions): CoreProcess {
  let child: UtilityProcess | null = null;
  let crashes = 0;
  let stopping = false;
  let lastFatal: string | null = null;

  const spawn = () => {
    const startedAt = Date.now();
    const proc = utilityProcess.fork(options.modulePath, [], { serviceName: 'CapLiquify core', env: options.env, stdio: 'inherit' });
    child = proc;
    proc.on('message', (message: CoreToParentMessage) => {
      if (message?.type === 'capliquify:fatal') lastFatal = message.message;
      if (message?.type === 'capliquify:ready') options.onReady(message.deviceId);
      options.onMessage?.(message);
    });
    proc.once('exit', (code) => {
      child = null;
      if (stopping) return;
      crashes = crashesAfterExit(crashes, Date.now() - startedAt);
      const delay = restartDelayMs(crashes);
      options.log(`desktop core exited with code ${code}; ${delay === null ? 'giving up' : `restarting in ${delay} ms`}`);
      if (delay === null) {
        options.onGiveUp(lastFatal);
        return;
      }
      setTimeout(() => {
        if (stopping) return;
        spawn();
        options.onRestart();
      }, delay);
    });
  };
  spawn();

  return {
    connect(port) {
      if (child === null) return false;
      child.postMessage({ type: 'capliquify:connect' } satisfies ParentToCoreMessage, [port]);
      return true;
    },
    post(message) {
      if (child === null || stopping) return false;
      child.postMessage(message);
      return true;
    },
    stop(graceMs = 5_000) {
      stopping = true;
      const proc = child;
      if (proc === null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => proc.kill(), graceMs);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.postMessage({ type: 'capliquify:shutdown' } satisfies ParentToCoreMessage);
      });
    },
  };
}
