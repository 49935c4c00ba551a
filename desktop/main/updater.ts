// Electron's side of auto-updates: electron-updater, wired to the tested policy and driver in
// ./updates. Nothing here decides anything.
import { createRequire } from 'node:module';
import { app } from 'electron';
import type { AppUpdaterLike } from './updates/app-updater';
import type { CoreLinkChannel } from './updates/core-link';
import { startUpdateDriver, type UpdateDriver } from './updates/update-driver';
import type { UpdaterConfig } from './updates/updater-config';

/**
 * Starts checking for updates in a packaged app (never in `npm run desktop`, whose app is not
 * packaged, nor with `CAPLIQUIFY_UPDATES=off`): the banner then stays empty, as in the browser host.
 */
export function startUpdater(config: UpdaterConfig, core: CoreLinkChannel, log: (message: string) => void): UpdateDriver | null {
  if (!config.enabled) {
    log(app.isPackaged ? 'updates are off (CAPLIQUIFY_UPDATES=off)' : 'not a packaged app: not checking for updates');
    return null;
  }
  const updater = loadAutoUpdater(log);
  if (updater === null) return null;
  log(`checking for updates at ${config.feedUrl}`);
  const driver = startUpdateDriver({ updater, core, config, log });
  core.onNotice((notice) => driver.dispatch({ type: notice }));
  return driver;
}

function loadAutoUpdater(log: (message: string) => void): AppUpdaterLike | null {
  try {
    // Loaded at run time from the app's node_modules (a desktop dependency), not bundled: it
    // requires `electron` itself and loads its platform's updater lazily.
    return (createRequire(__filename)('electron-updater') as { autoUpdater: AppUpdaterLike }).autoUpdater;
  } catch (error) {
    log(`electron-updater could not be loaded (${error instanceof Error ? error.message : String(error)}): not checking for updates`);
    return null;
  }
}
