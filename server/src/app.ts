import path from 'node:path';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import type { DatabaseHandle } from './db/create-database';
import type { PokeBus } from './sync/poke-bus';
import type { FleetThresholds } from './domains/fleet/fleet-status';
import type { ReportRuntime } from './domains/working-capital/reports/report-run.service';
import type { IdentityProvider } from './auth/principal';
import { authPlugin } from './plugins/auth.plugin';
import { corsPlugin } from './plugins/cors.plugin';
import { dbPlugin } from './plugins/db.plugin';
import { errorsPlugin } from './plugins/errors.plugin';
import { gracefulClosePlugin } from './plugins/graceful-close.plugin';
import { healthPlugin } from './plugins/health.plugin';
import { xeroPlugin } from './integrations/xero/xero.plugin';
import { importUploadPlugin } from './plugins/import-upload.plugin';
import { diagnosticsPlugin } from './plugins/diagnostics.plugin';
import { ArtifactStore } from './updates/artifact-store';
import { releaseUploadPlugin } from './updates/release-upload.plugin';
import { updateFeedPlugin } from './updates/update-feed.plugin';
import { jobsPlugin, type JobsPluginOptions } from './jobs/jobs.plugin';
import { shopifyOAuthPlugin } from './integrations/shopify/shopify-oauth.plugin';
import { shopifyWebhooksPlugin } from './integrations/shopify/shopify-webhooks.plugin';
import { redisPlugin } from './plugins/redis.plugin';
import { requestIdFor, requestIdPlugin } from './plugins/request-id.plugin';
import { routeAccessPlugin } from './plugins/route-access.plugin';
import { syncPlugin } from './plugins/sync.plugin';
import { trpcPlugin } from './plugins/trpc.plugin';
import { rateLimitPlugin } from './security/rate-limit.plugin';
import { DEFAULT_SUPPORTED_VERSIONS, type SupportedVersions } from './trpc/version-check';

declare module 'fastify' {
  interface FastifyInstance {
    /** When the Fleet screen calls a device offline or its data at risk (config `fleet`). */
    fleetThresholds: FleetThresholds;
    /** Where scheduled finance reports are saved and the SMTP server that mails them (config `reports`). */
    reportsRuntime: ReportRuntime;
  }
}

export interface AppDeps {
  /** The app owns it from now on and closes it on `app.close()`. */
  database: DatabaseHandle;
  /** Null or absent when REDIS_URL is not configured; closed on `app.close()` too. */
  redis?: Redis | null;
  /** The root logger; the app logs through its `http` child. */
  logger: Logger;
  /** Replaces the poke bus chosen from `redis` (Redis pub/sub, else in-process); the app closes it. */
  pokeBus?: PokeBus;
  /** The client versions accepted; defaults to this build's (shared SUPPORTED_*). Tests play other servers with it. */
  supportedVersions?: SupportedVersions;
  /** Replaces the identity provider chosen from `config.identity` (tests). */
  identityProvider?: IdentityProvider;
  /** Background jobs: whether this process runs the schedules (embedded defaults), or a runner of a test's own jobs. */
  jobs?: Omit<JobsPluginOptions, 'redisUrl'>;
}

/**
 * The Fastify app, not listening: `server.ts` listens, tests use `app.inject`. Infrastructure is a
 * set of plugins that declare what they depend on; `app.close()` lets in-flight requests finish,
 * then closes the database and Redis.
 */
export async function buildApp(config: Pick<ServerConfig, 'bodyLimitBytes' | 'corsOrigins' | 'rateLimitPerMinute' | 'tenantRateLimitPerMinute' | 'authRateLimitPerMinute'
  | 'identity' | 'secretKeys' | 'dataDir' | 'integrations' | 'fleet'> & Partial<Pick<ServerConfig, 'redisUrl' | 'reports'>>, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ name: 'http' }) as FastifyBaseLogger,
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // Batched tRPC calls put every procedure name in the path.
    routerOptions: { maxParamLength: 5_000 },
  });
  app.decorate('supportedVersions', deps.supportedVersions ?? DEFAULT_SUPPORTED_VERSIONS);
  await app.register(routeAccessPlugin);
  await app.register(requestIdPlugin);
  await app.register(gracefulClosePlugin);
  await app.register(errorsPlugin);
  await app.register(helmet, { global: true });
  await app.register(corsPlugin, { origins: config.corsOrigins });
  await app.register(dbPlugin, { database: deps.database });
  await app.register(redisPlugin, { redis: deps.redis ?? null });
  await app.register(rateLimitPlugin, {
    perIpPerMinute: config.rateLimitPerMinute, perTenantPerMinute: config.tenantRateLimitPerMinute, authPerIpPerMinute: config.authRateLimitPerMinute,
  });
  await app.register(healthPlugin);
  await app.register(authPlugin, { config, identityProvider: deps.identityProvider });
  await app.register(xeroPlugin, { config: config.integrations.xero });
  await app.register(shopifyOAuthPlugin, { config: config.integrations });
  await app.register(syncPlugin, { pokeBus: deps.pokeBus });
  await app.register(jobsPlugin, { redisUrl: config.redisUrl, config, ...deps.jobs });
  await app.register(shopifyWebhooksPlugin, { secret: config.integrations.shopifyWebhookSecret });
  app.decorate('fleetThresholds', { offlineHours: config.fleet.offlineHours, dataAtRiskMinutes: config.fleet.dataAtRiskMinutes });
  app.decorate('reportsRuntime', { reportsDir: config.reports?.dir ?? path.join(config.dataDir, 'reports'), smtp: config.reports?.smtp ?? null });
  await app.register(trpcPlugin);
  await app.register(importUploadPlugin, { dataDir: config.dataDir });
  const artifacts = new ArtifactStore(config.fleet.updatesDir);
  await app.register(updateFeedPlugin, { store: artifacts });
  await app.register(releaseUploadPlugin, { store: artifacts, maxFileBytes: config.fleet.maxArtifactBytes });
  await app.register(diagnosticsPlugin, { dir: config.fleet.diagnosticsDir, maxBytes: config.fleet.maxDiagnosticsBytes });
  return app;
}
