import rateLimit, { normalizeIP, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { countAuthAttempts } from './auth-attempts';
import { RATE_WINDOW_MS, RateLimiter, rateLimited, retryAfterOf } from './rate-limiter';
import { TenantRateLimiter } from './tenant-rate-limiter';
import { createWindowCounter, type WindowCounter } from './window-counter';

declare module 'fastify' {
  interface FastifyInstance {
    /** The per-tenant budget; see enforceTenantRateLimit. */
    tenantRateLimiter: TenantRateLimiter;
  }
}

export interface RateLimitOptions {
  perIpPerMinute: number;
  perTenantPerMinute: number;
  authPerIpPerMinute: number;
}

// Probes must answer whatever the traffic: a limited /readyz would take a busy pod out of the pool.
const UNLIMITED_ROUTES = new Set(['/healthz', '/readyz']);
// tRPC's route (trpc.plugin.ts mounts it at /trpc); its `:path` lists every procedure of a batch.
const TRPC_ROUTE = '/trpc/:path';

/** @fastify/rate-limit's store contract over our counters, so all limiters share one Redis script. */
function storeOver(counter: WindowCounter, prefix: string): new () => FastifyRateLimitStore {
  return class {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counter.hit(`${prefix}:${key}`, 1, timeWindow).then(({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }), callback);
    }

    child(route: { method: string | string[]; url: string }): FastifyRateLimitStore {
      return new (storeOver(counter, `${prefix}:${String(route.method)}${route.url}`))();
    }
  };
}

/**
 * Three limits, all answering 429 problem+json (RATE_LIMITED) with `Retry-After`, all in Redis when
 * the app has it (so API instances share them) and in memory otherwise:
 * - every request per IP (@fastify/rate-limit), but the health probes; an SSE connect counts once
 *   and the open stream never again;
 * - sign-in attempts per IP, each call of a tRPC batch counted;
 * - requests per verified tenant: `enforceTenantRateLimit` where the caller is authenticated.
 * Register it before the routes it limits: @fastify/rate-limit hooks routes as they are added.
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, options) => {
    const counter = createWindowCounter(app.redis, app.log.child({ name: 'rate-limit' }) as unknown as Logger);
    app.decorate('tenantRateLimiter', new TenantRateLimiter(counter, options.perTenantPerMinute));

    await app.register(rateLimit, {
      global: true,
      max: options.perIpPerMinute,
      timeWindow: RATE_WINDOW_MS,
      store: storeOver(counter, 'ip'),
      allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: (_request, context) => rateLimited(Math.max(1, Math.ceil(context.ttl / 1000)), 'Too many requests from this address.'),
    });

    const signIns = new RateLimiter(counter, 'auth', options.authPerIpPerMinute);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (request.routeOptions.url !== TRPC_ROUTE) return;
      const attempts = countAuthAttempts((request.params as { path?: string }).path ?? '');
      if (attempts === 0) return;
      const { allowed, retryAfterSeconds } = await signIns.consume(normalizeIP(request.ip), attempts);
      if (!allowed) throw rateLimited(retryAfterSeconds, 'Too many sign-in attempts from this address.');
    });

    // Whichever limiter refused, outside tRPC the error handler answers; the header is set here.
    app.addHook('onError', async (_request, reply, error) => {
      const seconds = retryAfterOf(error);
      if (seconds !== null) void reply.header('retry-after', String(seconds));
    });
  },
  { name: 'rate-limit', fastify: '5.x', dependencies: ['redis', 'errors'] },
);
