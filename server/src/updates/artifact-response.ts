import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { ErrorCode } from '@capliquify/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../plugins/errors.plugin';
import { ifRangeHolds, noneMatch, parseRange, type ByteRange } from './byte-ranges';

export interface ServedFile {
  path: string;
  size: number;
  /** Strong: the bytes behind a name never change. */
  etag: string;
}

const CONTENT_TYPE = 'application/octet-stream';

/**
 * Sends a release artifact byte for byte: whole (200), one range (206 with Content-Range), several
 * (206 multipart/byteranges, the parts in the order asked, as electron-updater's differential
 * download reads them back), 416 for ranges past the end, 304 for a copy the client already has.
 */
export function sendArtifact(request: FastifyRequest, reply: FastifyReply, file: ServedFile): FastifyReply {
  reply.header('accept-ranges', 'bytes').header('etag', file.etag)
    // Immutable for this tenant, but per tenant: never a shared cache.
    .header('cache-control', 'private, max-age=31536000, immutable');
  if (noneMatch(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  const ifRange = [request.headers['if-range']].flat()[0];
  const ranges = ifRangeHolds(ifRange, file.etag) ? parseRange(request.headers.range, file.size) : null;
  if (ranges === 'unsatisfiable') {
    reply.header('content-range', `bytes */${file.size}`);
    return sendProblem(request, reply, { code: ErrorCode.BadRequest, status: 416, detail: `No requested range starts inside the file (${file.size} bytes).` });
  }
  if (ranges === null) {
    return reply.code(200).type(CONTENT_TYPE).header('content-length', file.size).send(file.size === 0 ? '' : createReadStream(file.path));
  }
  if (ranges.length === 1) {
    const [{ start, end }] = ranges as [ByteRange];
    return reply.code(206).type(CONTENT_TYPE).header('content-range', `bytes ${start}-${end}/${file.size}`).header('content-length', end - start + 1)
      .send(createReadStream(file.path, { start, end }));
  }
  const boundary = randomBytes(12).toString('hex');
  const body = multipartByteranges(file, ranges, boundary);
  // electron-updater matches exactly "multipart/…; boundary=…" (one space after the semicolon).
  return reply.code(206).header('content-type', `multipart/byteranges; boundary=${boundary}`).header('content-length', body.length).send(body.stream);
}

/**
 * RFC 9110 §14.6: `--boundary`, the part's headers, a blank line, the bytes, CRLF; `--boundary--`
 * at the end. No preamble: electron-updater's DataSplitter expects the body to start with the
 * first delimiter.
 */
export function multipartByteranges(file: ServedFile, ranges: ByteRange[], boundary: string): { length: number; stream: Readable } {
  const head = (r: ByteRange, i: number) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${CONTENT_TYPE}\r\nContent-Range: bytes ${r.start}-${r.end}/${file.size}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = ranges.reduce((n, r, i) => n + head(r, i).length + (r.end - r.start + 1), 0) + tail.length;
  async function* parts() {
    for (const [i, range] of ranges.entries()) {
      yield head(range, i);
      for await (const chunk of createReadStream(file.path, { start: range.start, end: range.end })) yield chunk as Buffer;
    }
    yield tail;
  }
  return { length, stream: Readable.from(parts(), { objectMode: false }) };
}
