import { configuredEnrollment, createCore } from '../core/create-core';
import { createLogger } from '../core/config/create-logger';
import { loadDesktopConfig } from '../core/config/load-desktop-config';
import { createLogRing } from '../core/diagnostics/log-ring';
import { startHost } from './start-host';

// `npm run -w desktop host`: the desktop core plus the renderer over HTTP, without Electron.
const config = loadDesktopConfig();
// Recent lines stay in memory for the diagnostic bundle an admin may ask this station for.
const logRing = createLogRing();
const logger = createLogger(config.logLevel, 'desktop-host', logRing);
const core = await createCore(config, { logger, logRing, enrollWith: configuredEnrollment(config) });
const host = await startHost({ core, port: config.hostPort, logger });
core.startSync();
console.log(`ready: ${host.url}`);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  await host.close();
  await core.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
