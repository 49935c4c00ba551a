import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { OutgoingHttpHeaders, RequestOptions } from 'node:http';
import type * as BuilderUtil from 'builder-util';
import type * as BuilderUtilRuntime from 'builder-util-runtime';

// electron-updater's own building blocks, for tests of the feed: electron-builder's YAML writer
// (builder-util's serializeToYaml), the YAML reader electron-updater parses channel files with
// (js-yaml's load), and builder-util-runtime's HttpExecutor, UUID and sha512 DigestTransform,
// which electron-updater downloads and verifies updates with. electron-updater itself is not
// installed here (it needs Electron to load); its staging rule, six lines, is restated below.

const require = createRequire(import.meta.url);
const builderUtil = require('builder-util') as typeof BuilderUtil;
const runtime = require('builder-util-runtime') as typeof BuilderUtilRuntime;
const jsYaml = require('js-yaml') as { load(text: string): unknown };

export const electronBuilderYaml = {
  /** What electron-builder writes to latest.yml for this update info (app-builder-lib's writeUpdateInfoFiles). */
  dump: (info: object): string => builderUtil.serializeToYaml(info, false, true),
  /** What electron-updater's parseUpdateInfo reads a channel file as. */
  load: (text: string): unknown => jsYaml.load(text),
};

/** A new staging user id, as AppUpdater.getOrCreateStagingUserId makes one (UUID v5 of 4 KiB of random bytes). */
export function newStagingUserId(): string {
  return String(runtime.UUID.v5(randomBytes(4096), runtime.UUID.OID));
}

/**
 * AppUpdater.isStagingMatch: `stagingPercentage` through parseInt, divided by 100, against the
 * staging user id's last four bytes (UUID.parse(id).readUInt32BE(12)) over 0xffffffff.
 */
export function isStagingMatch(stagingUserId: string, rawStagingPercentage: unknown): boolean {
  if (rawStagingPercentage == null) return true;
  const percentage = parseInt(String(rawStagingPercentage), 10);
  if (Number.isNaN(percentage)) return true;
  const value = runtime.UUID.parse(stagingUserId).readUInt32BE(12);
  return value / 0xffffffff < percentage / 100;
}

class TestHttpExecutor extends builderUtil.NodeHttpExecutor {
  /** HttpExecutor.doDownload to a file, the path electron-updater's executors take: the body through DigestTransform(sha512, base64). */
  downloadVerified(url: URL, destination: string, sha512: string, headers: OutgoingHttpHeaders = {}): Promise<void> {
    const cancellationToken = new runtime.CancellationToken();
    return cancellationToken.createPromise<void>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: { ...headers } };
      runtime.configureRequestUrl(url, requestOptions);
      runtime.configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, {
        destination, options: { sha512, cancellationToken, headers }, onCancel, responseHandler: null,
        callback: (error) => (error == null ? resolve() : reject(error)),
      }, 0);
    });
  }

  /** The channel file as GenericProvider fetches it (HttpExecutor.request): the text, or an HttpError. */
  async channelFile(url: URL, headers: OutgoingHttpHeaders = {}): Promise<string | null> {
    const options: RequestOptions = { headers: { ...headers } };
    runtime.configureRequestUrl(url, options);
    runtime.configureRequestOptions(options);
    return this.request(options, new runtime.CancellationToken());
  }
}

export const updaterHttp = new TestHttpExecutor();
export const { DigestTransform } = runtime;
