import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { ReleasePlatform } from '../db/fleet.schema';
import type { Database } from '../db/schema';
import { channelFromFeedFolder, requireChannel } from '../domains/fleet/channels.service';
import { recordSightings } from '../domains/fleet/device-health.repo';
import { releaseForAnyone, releaseForDevice } from '../domains/fleet/release-choice';
import { offeredReleaseIds, recordOffer } from '../domains/fleet/releases.repo';
import { channelReleases, type ChannelRelease } from '../domains/fleet/releases.service';
import { AppError } from '../errors/app.error';
import type { DeviceIdentity } from '../sync/device-auth.service';
import { buildUpdateInfo, updateInfoYaml } from './update-info';

export interface ChannelFileRequest {
  tenantId: string;
  /** The URL's folder: `latest` (electron-builder's name for stable), `beta`, or a channel an admin added. */
  folder: string;
  platform: ReleasePlatform;
  /** The checking device, when it sent its credential; the feed then decides by its rings. */
  device: DeviceIdentity | null;
  /** The app version the update check declared (HEADER_APP_VERSION). */
  appVersion: string | null;
}

export interface ChannelFile {
  yaml: string;
  releaseId: string;
  version: string;
}

/**
 * The channel file (latest.yml, latest-mac.yml, latest-linux.yml) for one update check. A device
 * sees the release its rings reach (its admin-set channel overriding the URL's), and the offer is
 * remembered so that pausing never takes it back; anyone else gets plain `stagingPercentage`.
 */
export async function channelFile(db: Kysely<Database>, request: ChannelFileRequest): Promise<ChannelFile> {
  const { tenantId, device, platform } = request;
  const fleet = device ? await fleetDevice(db, device.deviceId) : null;
  const channel = await requireChannel(db, tenantId, fleet?.update_channel ?? channelFromFeedFolder(request.folder));
  const releases = await channelReleases(db, tenantId, channel);
  let chosen: { release: ChannelRelease; stagingPercentage?: number } | null;
  if (device && fleet) {
    await recordSightings(db, [{ deviceId: device.deviceId, tenantId, headerAppVersion: request.appVersion, health: null }]);
    const release = releaseForDevice(releases, {
      id: device.deviceId, siteId: fleet.site_id, canary: fleet.canary,
      appVersion: request.appVersion ?? fleet.header_app_version ?? fleet.reported_app_version ?? fleet.app_version,
      offered: new Set(await offeredReleaseIds(db, device.deviceId)),
    }, platform);
    chosen = release ? { release } : null;
    if (release) await recordOffer(db, tenantId, release.id, device.deviceId);
  } else {
    chosen = releaseForAnyone(releases, platform);
  }
  const info = chosen && buildUpdateInfo(chosen.release, platform, chosen.release.files.filter((f) => f.platform === platform), chosen.stagingPercentage);
  if (!chosen || !info) {
    throw new AppError(ErrorCode.NotFound, `No ${platform} release on the ${channel} channel for ${device ? 'this device' : 'anonymous update checks'} yet.`);
  }
  return { yaml: updateInfoYaml(info), releaseId: chosen.release.id, version: chosen.release.version };
}

async function fleetDevice(db: Kysely<Database>, deviceId: string) {
  return db.selectFrom('devices').leftJoin('device_health', 'device_health.device_id', 'devices.id')
    .select(['devices.site_id', 'devices.canary', 'devices.update_channel', 'devices.app_version', 'device_health.app_version as reported_app_version', 'device_health.header_app_version'])
    .where('devices.id', '=', deviceId).executeTakeFirst();
}
