import { EventEmitter } from 'node:events';
import type { OutgoingHttpHeaders } from 'node:http';
import type { AppUpdaterLike } from '../app-updater';

/**
 * Stands in for electron-updater's autoUpdater, which needs the Electron binary: the feed offers
 * `offered` (or nothing), a download emits progress then `update-downloaded`, and it records the
 * headers of every check and every quitAndInstall. It emits what the real one documents, in order.
 */
export class FakeAppUpdater extends EventEmitter implements AppUpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  requestHeaders: OutgoingHttpHeaders | null = null;
  logger: AppUpdaterLike['logger'] = null;
  feed: { provider: 'generic'; url: string } | null = null;
  offered: string | null = null;
  failChecks = 0;
  readonly checks: OutgoingHttpHeaders[] = [];
  readonly downloads: string[] = [];
  readonly installs: Array<{ isSilent?: boolean; isForceRunAfter?: boolean }> = [];

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options;
  }

  async checkForUpdates(): Promise<unknown> {
    this.checks.push({ ...this.requestHeaders });
    if (this.failChecks > 0) {
      this.failChecks -= 1;
      const error = new Error('net::ERR_CONNECTION_REFUSED');
      this.emit('error', error);
      throw error;
    }
    const info = { version: this.offered ?? '0.1.0' };
    this.emit(this.offered ? 'update-available' : 'update-not-available', info);
    return { isUpdateAvailable: this.offered !== null, updateInfo: info };
  }

  async downloadUpdate(): Promise<unknown> {
    const version = this.offered ?? 'nothing';
    this.downloads.push(version);
    for (const percent of [10, 55.5, 100]) this.emit('download-progress', { percent, transferred: percent, total: 100, bytesPerSecond: 1 });
    this.emit('update-downloaded', { version, downloadedFile: `/tmp/CapLiquify-${version}.AppImage` });
    return [`/tmp/CapLiquify-${version}.AppImage`];
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }
}
