import { adminCallError, AdminError } from './admin-error';
import {
  channelSchema, deviceCanarySchema, deviceChannelSchema, deviceRevokedSchema, diagnosticsBundleSchema, diagnosticsRequestSchema, fleetDeviceSchema,
  fleetOverviewSchema, publishResultSchema, releaseSummarySchema, rollbackResultSchema, type DEVICE_FILTERS, type RingPromotionInput,
} from './fleet-wire';
import { personCall, type PersonCallDeps } from './person-call';

/** The server's upload route (server/src/updates/release-upload.plugin.ts). */
export const RELEASE_UPLOAD_PATH = '/api/releases/upload';
/** Installers travel from the renderer to the core whole: bounded, with the CLI for anything bigger. */
export const MAX_RELEASE_UPLOAD_BYTES = 256 * 1024 * 1024;

export type FleetDeps = PersonCallDeps;

export interface PublishInput {
  channel: string;
  version: string;
  notes?: string;
  /** How far it reaches at once; the canary ring when absent. */
  ring?: 'canary' | 'sites' | 'all' | `percent:${number}`;
  files: { name: string; bytes: Uint8Array }[];
}

const EXTENSIONS: Record<string, string> = {
  'application/x-ndjson': '.ndjson', 'application/json': '.json', 'text/plain': '.txt', 'application/gzip': '.gz', 'application/zip': '.zip',
};

/** What a downloaded bundle is saved as: the device's name (as far as a file name allows), the request id, a fitting extension. */
export function diagnosticsFileName(requestId: string, contentType: string, deviceName?: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const device = (deviceName ?? '').normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 40);
  return `diagnostics-${device ? `${device}-` : ''}${requestId}${EXTENSIONS[type] ?? '.bin'}`;
}

/**
 * The Fleet screen's calls to the server, as the person at the station with their own access
 * token (the server checks `fleet.view`, `devices.manage` or `updates.publish` on each): a refusal
 * comes back as an AdminError whose sentence the screen shows.
 */
export function createFleetService({ server, accessToken }: FleetDeps) {
  const call = personCall({ server, accessToken });
  const release = (releaseId: string) => ({ releaseId });
  const device = (deviceId: string) => ({ deviceId });

  return {
    overview: () => call('fleet.overview', 'query', undefined, fleetOverviewSchema),
    devices: (filter: { status?: (typeof DEVICE_FILTERS)[number]; search?: string } = {}) => call('fleet.devices', 'query', filter, fleetDeviceSchema.array()),
    releases: () => call('releases.list', 'query', undefined, releaseSummarySchema.array()),
    channels: () => call('releases.channels', 'query', undefined, channelSchema.array()),
    diagnostics: (deviceId?: string) => call('fleet.diagnostics', 'query', deviceId === undefined ? undefined : { deviceId }, diagnosticsBundleSchema.array()),

    /** Uploads the installers (and block maps) as a release; the server computes every sha512 and size. */
    async publish({ channel, version, notes, ring, files }: PublishInput) {
      if (files.length === 0) throw new AdminError('BAD_REQUEST', 'Choose the installers to publish (and their .blockmap files).');
      const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
      if (total > MAX_RELEASE_UPLOAD_BYTES) {
        throw new AdminError('TOO_LARGE', `The files come to more than ${MAX_RELEASE_UPLOAD_BYTES / 1024 / 1024} MB: publish them with \`npm run cli -- releases publish --server …\`.`);
      }
      // The server reads the fields before the files.
      const form = new FormData();
      form.append('channel', channel);
      form.append('version', version);
      if (notes) form.append('notes', notes);
      if (ring) form.append('ring', ring);
      for (const file of files) form.append('files', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
      try {
        return publishResultSchema.parse(await server.uploadAsPerson(RELEASE_UPLOAD_PATH, form, await accessToken()));
      } catch (error) {
        throw adminCallError(error);
      }
    },
    promote: (releaseId: string, promotion: RingPromotionInput) => call('releases.promote', 'mutation', { releaseId, promotion }, releaseSummarySchema),
    pause: (releaseId: string) => call('releases.pause', 'mutation', release(releaseId), releaseSummarySchema),
    resume: (releaseId: string) => call('releases.resume', 'mutation', release(releaseId), releaseSummarySchema),
    rollback: (releaseId: string) => call('releases.rollback', 'mutation', release(releaseId), rollbackResultSchema),

    /** null: back to the channel the station asks for. */
    setDeviceChannel: (deviceId: string, channel: string | null) => call('fleet.setDeviceChannel', 'mutation', { deviceId, channel }, deviceChannelSchema),
    setDeviceCanary: (deviceId: string, canary: boolean) => call('fleet.setDeviceRing', 'mutation', { deviceId, canary }, deviceCanarySchema),
    revokeDevice: (deviceId: string) => call('fleet.revokeDevice', 'mutation', device(deviceId), deviceRevokedSchema),
    requestDiagnostics: (deviceId: string) => call('fleet.requestDiagnostics', 'mutation', device(deviceId), diagnosticsRequestSchema),
    /** A bundle the device sent, whole, with the name to save it under. */
    async downloadDiagnostics(requestId: string, deviceName?: string) {
      try {
        const { bytes, contentType } = await server.downloadAsPerson(`/api/fleet/diagnostics/${encodeURIComponent(requestId)}`, await accessToken());
        return { fileName: diagnosticsFileName(requestId, contentType, deviceName), contentType, bytes };
      } catch (error) {
        throw adminCallError(error);
      }
    },
  };
}

export type FleetService = ReturnType<typeof createFleetService>;
