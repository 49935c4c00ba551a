import path from 'node:path';

/** Variables that would turn the core's Node into something else (plain Node, preloaded code). */
const STRIPPED = ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS'];

/**
 * Environment for the core's utility process. The packaged app starts with an arbitrary working
 * directory, so the replica goes under Electron's per-user data folder unless the station sets
 * `CAPLIQUIFY_DESKTOP_DATA_DIR` or `CAPLIQUIFY_DATA_DIR` itself.
 */
export function coreProcessEnv(
  env: Record<string, string | undefined>,
  userDataDir: string,
  /** The app's version and update channel, which the core reports in its health report. */
  app?: { version: string; channel: string },
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !STRIPPED.includes(key)) result[key] = value;
  }
  if (!result.CAPLIQUIFY_DESKTOP_DATA_DIR && !result.CAPLIQUIFY_DATA_DIR) {
    result.CAPLIQUIFY_DESKTOP_DATA_DIR = path.join(userDataDir, 'desktop');
  }
  if (app) {
    result.CAPLIQUIFY_APP_VERSION = app.version;
    result.CAPLIQUIFY_UPDATE_CHANNEL = app.channel;
  }
  return result;
}
