import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { ErrorCode, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, SYNC_DIAGNOSTICS_PATH } from '@capliquify/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { acceptDiagnostics, diagnosticsFile, DIAGNOSTICS_TYPES } from '../domains/fleet/diagnostics.service';
import { AppError, badRequest } from '../errors/app.error';
import { enforceTenantRateLimit } from '../security/tenant-rate-limiter';
import { authenticateDevice, type DeviceIdentity } from '../sync/device-auth.service';
import { checkClientVersions } from '../trpc/version-check';
import { formatBytes } from '../updates/atomic-file';
import { authorizePerson } from '../updates/release-upload.plugin';

export const DIAGNOSTICS_DOWNLOAD_ROUTE = '/api/fleet/diagnostics/:id';

export interface DiagnosticsOptions {
  /** Bundles are kept in `<dir>/<tenantId>/<requestId>`. */
  dir: string;
  maxBytes: number;
}

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : null;
}

/**
 * `POST /sync/diagnostics?requestId=<id>`: a device sends the diagnostic bundle its pull answer
 * asked for (the raw bundle as the body, streamed to disk, at most `maxBytes`); 201. And
 * `GET /api/fleet/diagnostics/:id`: an admin downloads it (`devices.manage`).
 */
export const diagnosticsPlugin: FastifyPluginAsync<DiagnosticsOptions> = async (app, options) => {
  // The body reaches the handler as the raw stream, whatever its type: a bundle is not parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const devices = new WeakMap<FastifyRequest, DeviceIdentity>();

  app.post<{ Querystring: { requestId?: string } }>(SYNC_DIAGNOSTICS_PATH, {
    // Before the body is read: only the device asked may stream a bundle in.
    onRequest: async (request) => {
      checkClientVersions({ protocol: header(request, HEADER_PROTOCOL_VERSION), schema: header(request, HEADER_SCHEMA_VERSION) }, app.supportedVersions);
      const device = await authenticateDevice(app.db, header(request, 'authorization'));
      await enforceTenantRateLimit(app.tenantRateLimiter, device.tenantId);
      devices.set(request, device);
    },
  }, async (request, reply) => {
    const device = devices.get(request)!;
    const body = request.body as Readable | undefined;
    const requestId = request.query.requestId;
    if (!requestId) throw badRequest('Name the bundle asked for: ?requestId=<id> from the pull answer\'s diagnosticsRequested.');
    if (!body) throw badRequest('Send the bundle as the request body.');
    // A declared length lets an oversized bundle be refused with an answer rather than a cut connection.
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (!Number.isFinite(declared)) {
      body.resume();
      throw badRequest('Send the bundle with a Content-Length.');
    }
    if (declared > options.maxBytes) {
      body.resume();
      throw new AppError(ErrorCode.PayloadTooLarge, `A diagnostic bundle may be at most ${formatBytes(options.maxBytes)}.`);
    }
    const type = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
    const stored = await acceptDiagnostics(app.db, options.dir, device, {
      requestId, contentType: DIAGNOSTICS_TYPES.includes(type) ? type : 'application/octet-stream', source: body, maxBytes: options.maxBytes,
    });
    return reply.code(201).send(stored);
  });

  app.get<{ Params: { id: string } }>(DIAGNOSTICS_DOWNLOAD_ROUTE, async (request, reply) => {
    const principal = await authorizePerson(app, request, 'devices.manage');
    const file = await diagnosticsFile(app.db, options.dir, principal.tenantId, request.params.id);
    return reply.type(file.contentType).header('content-length', file.sizeBytes)
      .header('content-disposition', `attachment; filename="${request.params.id}"`)
      .send(createReadStream(file.path));
  });
};
