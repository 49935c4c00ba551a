import { createHash } from 'node:crypto';
import { ErrorCode, HEADER_APP_VERSION } from '@capliquify/shared';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { findDefaultTenantId } from '../domains/tenancy/tenant.repo';
import { findArtifact } from '../domains/fleet/releases.repo';
import { AppError } from '../errors/app.error';
import { enforceTenantRateLimit } from '../security/tenant-rate-limiter';
import { authenticateDevice, type DeviceIdentity } from '../sync/device-auth.service';
import { feedFilePlatform } from './artifact-platform';
import { sendArtifact } from './artifact-response';
import type { ArtifactStore } from './artifact-store';
import { noneMatch } from './byte-ranges';
import { channelFile } from './update-feed.service';

export const UPDATE_FEED_ROUTE = '/updates/:channel/:file';

export interface UpdateFeedOptions {
  store: ArtifactStore;
}

/**
 * The checking device when the request carries `authorization: Device <credential>` (refused as
 * any sync call is when it is wrong or revoked); null for an anonymous check, which reads the
 * installation's default tenant (one manufacturer per server, as `npm start` sets it up).
 */
async function whoChecks(app: FastifyInstance, request: FastifyRequest): Promise<{ tenantId: string; device: DeviceIdentity | null }> {
  const authorization = request.headers.authorization;
  if (authorization && /^Device\s/i.test(authorization)) {
    const device = await authenticateDevice(app.db, authorization);
    await enforceTenantRateLimit(app.tenantRateLimiter, device.tenantId);
    return { tenantId: device.tenantId, device };
  }
  const tenantId = await findDefaultTenantId(app.db);
  if (!tenantId) throw new AppError(ErrorCode.NotFound, 'No releases: this server has no organisation yet.');
  return { tenantId, device: null };
}

function headerValue(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim().slice(0, 64) : null;
}

/**
 * electron-updater's generic provider: `GET /updates/<channel>/latest.yml` (and -mac, -linux)
 * answers the release this check should see, and `GET /updates/<channel>/<file>` the artifacts,
 * byte for byte with ranges (electron-updater's differential download). Artifacts are found by
 * name across the tenant's releases, so block maps of older versions are there too.
 */
export const updateFeedPlugin: FastifyPluginAsync<UpdateFeedOptions> = async (app, options) => {
  app.get<{ Params: { channel: string; file: string } }>(UPDATE_FEED_ROUTE, async (request, reply) => {
    const { channel, file } = request.params;
    const { tenantId, device } = await whoChecks(app, request);
    const platform = feedFilePlatform(file);
    if (platform) {
      const answer = await channelFile(app.db, { tenantId, folder: channel, platform, device, appVersion: headerValue(request, HEADER_APP_VERSION) });
      const etag = `"${createHash('sha256').update(answer.yaml).digest('base64url').slice(0, 27)}"`;
      // Each check may see another release (rings, pauses): always revalidated, per credential.
      reply.header('cache-control', 'no-cache').header('vary', 'authorization').header('etag', etag);
      if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type('text/yaml; charset=utf-8').send(answer.yaml);
    }
    const artifact = await findArtifact(app.db, tenantId, file);
    if (!artifact) throw new AppError(ErrorCode.NotFound, `No file ${file} in any release.`);
    const path = options.store.pathOf(tenantId, artifact.sha512);
    const size = await options.store.sizeOf(tenantId, artifact.sha512);
    if (size !== artifact.size) {
      // Served bytes must be the bytes the feed vouched for: a missing or truncated blob is our fault, not the device's.
      request.log.error({ file, tenantId, expected: artifact.size, found: size }, 'release artifact missing or changed on disk');
      throw new AppError(ErrorCode.Internal, 'release artifact missing on disk');
    }
    return sendArtifact(request, reply, { path, size, etag: `"${Buffer.from(artifact.sha512, 'base64').toString('hex').slice(0, 64)}"` });
  });
};
