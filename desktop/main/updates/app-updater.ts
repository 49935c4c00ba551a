import type { OutgoingHttpHeaders } from 'node:http';

/** A release as electron-updater describes it in its events (its `UpdateInfo`, the fields we read). */
export interface UpdateInfoLike { version: string }

/**
 * The part of electron-updater's `autoUpdater` (an `AppUpdater`) the updater drives, as its
 * documentation describes it. Declared here so the policy and its driver run in Node without
 * Electron; main passes the real `autoUpdater`.
 */
export interface AppUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** Sent with the feed request and the downloads. */
  requestHeaders: OutgoingHttpHeaders | null;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  /** Null when the updater is not active (an unpackaged app). */
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  /** Quits the app and runs the downloaded installer; `isForceRunAfter` starts the app again after a silent install. */
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
