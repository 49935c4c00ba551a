import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@capliquify/shared';
import { AppError } from '../errors/app.error';

export interface WrittenFile {
  size: number;
  sha512: Buffer;
  sha256: Buffer;
}

/**
 * Streams `source` into `dir/<name>` so that the name only ever holds a complete file: the bytes
 * go to a temporary file in the same folder (hashed on the way), are flushed to disk, and only
 * then renamed over the name. A failed or oversized write leaves nothing behind.
 * `name` is decided after hashing when it is a function (content-addressed storage).
 */
export async function writeFileAtomically(dir: string, name: string | ((written: WrittenFile) => string), source: Readable, maxBytes: number): Promise<WrittenFile & { path: string }> {
  // The source may fail before the pipeline below listens (a dropped upload during mkdir): that
  // error must reject this write, not crash the process as an unhandled stream error.
  source.on('error', () => undefined);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.incoming-${randomBytes(8).toString('hex')}`);
  const sha512 = createHash('sha512');
  const sha256 = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new AppError(ErrorCode.PayloadTooLarge, `The file is larger than the ${formatBytes(maxBytes)} allowed.`));
        return;
      }
      sha512.update(chunk);
      sha256.update(chunk);
      done(null, chunk);
    },
  });
  try {
    // `flush`: the bytes reach the disk before the file is closed, so the rename publishes a whole file.
    await pipeline(source, meter, createWriteStream(temp, { flags: 'wx', flush: true }));
    const written = { size, sha512: sha512.digest(), sha256: sha256.digest() };
    const target = path.join(dir, typeof name === 'function' ? name(written) : name);
    await rename(temp, target);
    return { ...written, path: target };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

/** A folder name for a tenant's files: our ids only (never a path that climbs out). */
export function tenantFolder(root: string, tenantId: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(tenantId)) throw new AppError(ErrorCode.Internal, `Unexpected tenant id for a folder name: ${JSON.stringify(tenantId)}.`);
  return path.join(root, tenantId);
}
