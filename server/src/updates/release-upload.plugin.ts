import multipart from '@fastify/multipart';
import { denialFor, ErrorCode, type Action } from '@capliquify/shared';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { discardStaged, recordRelease, checkPublish, stageArtifact, type PublishRequest, type StagedArtifact } from '../domains/fleet/release-publish.service';
import { auditTokenPublish, isReleaseToken, verifyReleaseToken, type ReleasePublisher } from '../domains/fleet/release-tokens.service';
import { parseRing } from '../domains/fleet/rollout-rings';
import { AppError, badRequest } from '../errors/app.error';
import { enforceTenantRateLimit } from '../security/tenant-rate-limiter';
import { bearerToken } from '../trpc/trpc';
import type { ArtifactStore } from './artifact-store';

export const RELEASE_UPLOAD_PATH = '/api/releases/upload';

export interface ReleaseUploadOptions {
  store: ArtifactStore;
  maxFileBytes: number;
}

/** A signed-in person allowed to perform `action`, or a 401/403 saying why not (before any body is read). */
export async function authorizePerson(app: FastifyInstance, request: FastifyRequest, action: Action): Promise<Principal> {
  const token = bearerToken(request.headers.authorization ?? null);
  if (!token) throw new AppError(ErrorCode.Unauthorized, 'Sign in first: this needs `authorization: Bearer <access token>`.');
  const principal = await app.identity.authenticate(token);
  await enforceTenantRateLimit(app.tenantRateLimiter, principal.tenantId);
  const denial = denialFor(action, principal, null);
  if (denial) throw new AppError(ErrorCode.Forbidden, denial.message, { reason: denial.reason });
  return principal;
}

/** Who uploads: an admin with a second factor, or the release workflow with a publish token. */
interface Publisher {
  tenantId: string;
  userId: string | null;
  token: ReleasePublisher | null;
}

async function authorizePublisher(app: FastifyInstance, request: FastifyRequest): Promise<Publisher> {
  const bearer = bearerToken(request.headers.authorization ?? null);
  if (bearer && isReleaseToken(bearer)) {
    const token = await verifyReleaseToken(app.db, bearer);
    await enforceTenantRateLimit(app.tenantRateLimiter, token.tenantId);
    return { tenantId: token.tenantId, userId: token.createdBy, token };
  }
  const principal = await authorizePerson(app, request, 'updates.publish');
  return { tenantId: principal.tenantId, userId: principal.userId, token: null };
}

function publishRequest(principal: Publisher, fields: Record<string, string>): PublishRequest {
  if (!fields.channel || !fields.version) throw badRequest('Send the fields channel and version before the files (multipart/form-data, in that order).');
  const ring = fields.ring ? parseRing(fields.ring) : null;
  if (fields.ring && !ring) throw badRequest(`ring must be canary, sites, percent:<1-100> or all (got "${fields.ring}").`);
  return { tenantId: principal.tenantId, channel: fields.channel, version: fields.version, notes: fields.notes?.slice(0, 10_000) || null, ring, actorUserId: principal.userId };
}

/**
 * `POST /api/releases/upload`: multipart with `channel`, `version`, optional `notes` and `ring`
 * (canary unless said), then one or more files (any field name): the installers and their block
 * maps, as electron-builder leaves them in `release/`. Each file streams to the store while its
 * sha512 and size are computed; the release is recorded once all arrived (201), or nothing is.
 * Admins with a second factor (`updates.publish`: the Fleet screen, `releases publish --server`
 * with an access token), or a publish token (`releases token create`: the release workflow).
 */
export const releaseUploadPlugin: FastifyPluginAsync<ReleaseUploadOptions> = async (app, options) => {
  await app.register(multipart, { limits: { fileSize: options.maxFileBytes, files: 50, fields: 10, parts: 60, fieldSize: 10_000 }, throwFileSizeLimit: true });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const principals = new WeakMap<FastifyRequest, Publisher>();
  app.addHook('onRequest', async (request) => {
    principals.set(request, await authorizePublisher(app, request));
  });

  app.post(RELEASE_UPLOAD_PATH, async (request, reply) => {
    const principal = principals.get(request)!;
    if (!request.isMultipart()) {
      throw badRequest(`Send the release as multipart/form-data with the fields channel and version, then the files (this request is ${request.headers['content-type'] ?? 'without a content type'}).`);
    }
    const fields: Record<string, string> = {};
    const staged: StagedArtifact[] = [];
    const ignored: string[] = [];
    let publish: PublishRequest | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (publish) throw badRequest(`Send the field ${part.fieldname} before the files.`);
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (!publish) {
          publish = publishRequest(principal, fields);
          await checkPublish(app.db, publish);
        }
        const result = await stageArtifact(options.store, principal.tenantId, part.filename, part.file, options.maxFileBytes);
        if ('ignored' in result) ignored.push(result.ignored);
        else staged.push(result);
      }
      const result = await recordRelease(app.db, publish ?? publishRequest(principal, fields), staged, ignored);
      if (principal.token && result.added.length > 0) await auditTokenPublish(app.db, principal.token, result.release);
      return reply.code(result.created ? 201 : 200).send(result);
    } catch (error) {
      await discardStaged(app.db, options.store, principal.tenantId, staged);
      throw error;
    }
  });
};
