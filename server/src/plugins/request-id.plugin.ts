import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HEADER_REQUEST_ID } from '@capliquify/shared';
import fp from 'fastify-plugin';

// Accept a caller's id only when it is short and plain, so it is safe in logs and headers.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when sane, else a fresh UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers[HEADER_REQUEST_ID];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && SANE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/** Echoes the request id on every response, errors and 404s included (onSend sees them all). */
export const requestIdPlugin = fp(
  async (app) => {
    app.addHook('onSend', async (request, reply) => {
      reply.header(HEADER_REQUEST_ID, request.id);
    });
  },
  { name: 'request-id', fastify: '5.x' },
);
