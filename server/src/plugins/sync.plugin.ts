import { ErrorCode, HEADER_APP_VERSION, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, SYNC_PULL_PATH, pullRequestSchema } from '@capliquify/shared';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { createPokeBus } from '../sync/create-poke-bus';
import { AppError } from '../errors/app.error';
import { enforceTenantRateLimit } from '../security/tenant-rate-limiter';
import { authenticateDevice } from '../sync/device-auth.service';
import { pullChanges } from '../sync/pull.service';
import { openEventStream, type EventStream } from '../sync/events-stream';
import type { PokeBus } from '../sync/poke-bus';
import { checkClientVersions } from '../trpc/version-check';

declare module 'fastify' {
  interface FastifyInstance {
    pokeBus: PokeBus;
  }
}

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : null;
}

/**
 * The poke bus (Redis when configured) and `GET /events`, the device-authenticated SSE stream of
 * pokes. Open streams are ended when the app closes, so shutdown never waits on them.
 */
export const syncPlugin = fp<{ pokeBus?: PokeBus }>(
  async (app, options) => {
    const bus = options.pokeBus ?? (await createPokeBus(app.redis, app.log.child({ name: 'pokes' }) as unknown as Logger));
    app.decorate('pokeBus', bus);
    const streams = new Set<EventStream>();
    app.get('/events', async (request, reply) => {
      checkClientVersions({ protocol: header(request, HEADER_PROTOCOL_VERSION), schema: header(request, HEADER_SCHEMA_VERSION) }, app.supportedVersions);
      const device = await authenticateDevice(app.db, header(request, 'authorization'));
      await enforceTenantRateLimit(app.tenantRateLimiter, device.tenantId);
      reply.hijack();
      const stream = openEventStream(reply.raw, device, bus, () => streams.delete(stream));
      streams.add(stream);
    });
    // The pull hot path as a plain route: after a poke every station pulls at once, and tRPC's
    // per-request overhead (not the database) was most of a pull's cost. Same service, same rules.
    app.post(SYNC_PULL_PATH, async (request) => {
      checkClientVersions({ protocol: header(request, HEADER_PROTOCOL_VERSION), schema: header(request, HEADER_SCHEMA_VERSION) }, app.supportedVersions);
      const device = await authenticateDevice(app.db, header(request, 'authorization'));
      await enforceTenantRateLimit(app.tenantRateLimiter, device.tenantId);
      const parsed = pullRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }));
        throw new AppError(ErrorCode.ValidationFailed, 'The pull request does not match the sync protocol.', { errors });
      }
      return pullChanges(app.db, device, parsed.data, { appVersion: header(request, HEADER_APP_VERSION)?.slice(0, 64) ?? null });
    });
    app.addHook('preClose', async () => {
      for (const stream of [...streams]) stream.end();
    });
    app.addHook('onClose', async () => {
      await bus.close();
    });
  },
  { name: 'sync', fastify: '5.x', dependencies: ['db', 'redis', 'errors', 'rate-limit'] },
);
