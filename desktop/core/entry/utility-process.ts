// Entry of the desktop core inside Electron's utilityProcess (bundled to dist/core/utility-process.cjs).
// It must not import `electron`: `process.parentPort` is a global that Electron adds to the process.
import { createLogger } from '../config/create-logger';
import { loadDesktopConfig, type DesktopConfig } from '../config/load-desktop-config';
import { configuredEnrollment, createCore } from '../create-core';
import { createLogRing } from '../diagnostics/log-ring';
import { serveOverMessagePort } from '../transport/serve-over-message-port';
import type { CoreToParentMessage } from './core-host-protocol';
import { runCoreHost, type ParentPortLike } from './run-core-host';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;

// Messages to main travel asynchronously; exiting on the spot could drop the one saying why.
const exitSoon = (code: number) => void setTimeout(() => process.exit(code), 200);

if (parentPort === undefined) {
  console.error('utility-process.cjs runs inside Electron (utilityProcess.fork); for a plain Node core use the browser host.');
  process.exit(1);
} else {
  const config = readConfig(parentPort);
  if (config !== null) {
    // Recent lines stay in memory for the diagnostic bundle an admin may ask this station for.
    const logRing = createLogRing();
    const logger = createLogger(config.logLevel, 'desktop-core', logRing);
    runCoreHost(parentPort, {
      logger,
      startCore: () => createCore(config, { logger, logRing, enrollWith: configuredEnrollment(config) }),
      serve: (port, core) => serveOverMessagePort(port, core.router, core.createContext),
      exit: exitSoon,
    });
  }
}

function readConfig(port: ParentPortLike): DesktopConfig | null {
  try {
    return loadDesktopConfig();
  } catch (error) {
    // Main shows this to the person; a bare exit code would only say "the core crashed".
    port.postMessage({ type: 'capliquify:fatal', message: (error as Error).message } satisfies CoreToParentMessage);
    exitSoon(1);
    return null;
  }
}
