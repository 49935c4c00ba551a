import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import { denialFor, ErrorCode } from '@capliquify/shared';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { newImportId, importUploadPath } from '../domains/import/import-files';
import { ImportFileError } from '../domains/import/import-file.error';
import { IMPORT_KINDS, IMPORT_MODES, importKindSchema, importModeSchema } from '../domains/import/import-kinds';
import { createImport, markImportFailed } from '../domains/import/imports.service';
import { detectFormat, readHead } from '../domains/import/table-format';
import { AppError, badRequest } from '../errors/app.error';
import { importJob } from '../jobs/import.job';
import { enforceTenantRateLimit } from '../security/tenant-rate-limiter';
import { bearerToken } from '../trpc/trpc';

export const IMPORT_UPLOAD_PATH = '/api/import/upload';
const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

export interface ImportUploadOptions {
  /** Uploads wait for their job in `<dataDir>/imports/`. */
  dataDir: string;
  maxFileBytes?: number;
}

/** A signed-in person allowed to import data (manager or admin), or a 401/403 saying why not. */
async function authorizeImporter(app: FastifyInstance, request: FastifyRequest): Promise<Principal> {
  const token = bearerToken(request.headers.authorization ?? null);
  if (!token) throw new AppError(ErrorCode.Unauthorized, 'Sign in first: this needs `authorization: Bearer <access token>`.');
  const principal = await app.identity.authenticate(token);
  await enforceTenantRateLimit(app.tenantRateLimiter, principal.tenantId);
  const denial = denialFor('data.import', principal, null);
  if (denial) throw new AppError(ErrorCode.Forbidden, denial.message, { reason: denial.reason });
  return principal;
}

/** Writes the part to disk as it arrives; returns its size, or refuses it past the limit. */
async function saveUpload(file: NodeJS.ReadableStream & { truncated?: boolean }, target: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(file, counter, createWriteStream(target));
  if (file.truncated) throw new AppError(ErrorCode.PayloadTooLarge, `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  return bytes;
}

function readFields(fields: Record<string, string>) {
  const kind = importKindSchema.safeParse(fields.kind ?? '');
  if (!kind.success) throw badRequest(`kind must be one of ${IMPORT_KINDS.join(', ')} (got ${fields.kind === undefined ? 'nothing' : `'${fields.kind}'`}).`);
  const mode = importModeSchema.safeParse(fields.mode || 'good_rows');
  if (!mode.success) throw badRequest(`mode must be one of ${IMPORT_MODES.join(', ')} (got '${fields.mode}').`);
  return { kind: kind.data, mode: mode.data };
}

/**
 * `POST /api/import/upload`: multipart with `kind`, optional `mode` and the CSV or XLSX `file`.
 * The file streams to disk (never whole in memory), the import is recorded as queued and its job
 * queued, and the answer is 202 with the import id at once; `imports.get` follows it from there.
 * Encapsulated: the multipart parser and the sign-in check apply to this route only.
 */
export const importUploadPlugin: FastifyPluginAsync<ImportUploadOptions> = async (app, options) => {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true });
  // Any other content type reaches the handler unread, to be refused with a 400 that names it.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const principals = new WeakMap<FastifyRequest, Principal>();
  // Before the body is read: a caller without the right never gets to stream a file in.
  app.addHook('onRequest', async (request) => {
    principals.set(request, await authorizeImporter(app, request));
  });

  app.post(IMPORT_UPLOAD_PATH, async (request, reply) => {
    const principal = principals.get(request)!;
    if (!request.isMultipart()) {
      throw badRequest(`Send the file as multipart/form-data with the fields kind, mode and file (this request is ${request.headers['content-type'] ?? 'without a content type'}).`);
    }
    const importId = newImportId();
    const target = importUploadPath(options.dataDir, importId);
    await mkdir(path.dirname(target), { recursive: true });
    let queued = false;
    try {
      const fields: Record<string, string> = {};
      let upload: { fileName: string; bytes: number } | null = null;
      for await (const part of request.parts()) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else if (part.fieldname !== 'file') throw badRequest(`Send the file in the field "file" (got a file in "${part.fieldname}").`);
        else upload = { fileName: path.basename(part.filename || 'upload').slice(0, 200), bytes: await saveUpload(part.file, target, maxBytes) };
      }
      const { kind, mode } = readFields(fields);
      if (!upload) throw badRequest('Add the CSV or XLSX file in the multipart field "file".');
      if (upload.bytes === 0) throw badRequest(`The file ${upload.fileName} is empty.`);
      try {
        detectFormat(await readHead(target));
      } catch (error) {
        if (error instanceof ImportFileError) throw badRequest(`${upload.fileName}: ${error.message}`);
        throw error;
      }
      await createImport(app.db, { id: importId, tenantId: principal.tenantId, kind, mode, fileName: upload.fileName, actorUserId: principal.userId });
      try {
        await app.jobs.enqueue(importJob, { tenantId: principal.tenantId, importId, file: target });
        queued = true;
      } catch (error) {
        request.log.error({ err: error, importId }, 'could not queue the import');
        await markImportFailed(app.db, principal.tenantId, importId, 'The import could not be queued; upload the file again.');
        throw new AppError(ErrorCode.ServiceUnavailable, 'The import could not be queued; try again shortly.');
      }
      return reply.code(202).send({ importId, status: 'queued', kind, mode, fileName: upload.fileName, bytes: upload.bytes });
    } finally {
      if (!queued) await rm(target, { force: true });
    }
  });
};
