import { HEADER_DEVICE_ID, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION } from '@capliquify/shared';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuthServices } from '../auth/auth-services';
import type { IdentityProvider } from '../auth/principal';
import type { DatabaseKind } from '../db/create-database';
import type { JobQueue } from '../jobs/job-runner';
import type { Database } from '../db/schema';
import type { FleetThresholds } from '../domains/fleet/fleet-status';
import type { ReportRuntime } from '../domains/working-capital/reports/report-run.service';
import type { ShopifyApp } from '../integrations/shopify/shopify-oauth';
import type { XeroRuntime } from '../integrations/xero/xero-runtime';
import type { TenantRateLimiter } from '../security/tenant-rate-limiter';
import type { PokeBus } from '../sync/poke-bus';
import type { SupportedVersions } from './version-check';

export interface Context {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  /** The calling desktop (`x-capliquify-device`), when it says. */
  deviceId: string | null;
  requestId: string;
  /** The request's logger: every line carries the request id. */
  logger: Logger;
  /** Raw version headers; the version middleware checks them. */
  clientVersions: { protocol: string | null; schema: string | null };
  /** The versions this server accepts (the version middleware and `system.info`). */
  supportedVersions: SupportedVersions;
  /** `authorization` as sent; device procedures authenticate it. */
  authorization: string | null;
  pokeBus: PokeBus;
  /** Null when REDIS_URL is not configured (hot results then come from PostgreSQL). */
  redis: Redis | null;
  /** Turns a bearer token into a Principal (built-in accounts or Clerk); `userProcedure` calls it. */
  identity: IdentityProvider;
  /** Built-in sign-in: tokens, sealing, clock. */
  auth: AuthServices;
  /** Spent through `enforceTenantRateLimit` once the tenant is verified. */
  tenantRateLimiter: TenantRateLimiter;
  /** Where procedures queue background jobs (BullMQ with Redis, else this process). */
  jobs: JobQueue;
  /** Xero when configured, else null (integrations/xero/xero.plugin.ts). */
  xero: XeroRuntime | null;
  /** The Shopify app for the OAuth install when configured, else null (integrations/shopify/shopify-oauth.plugin.ts). */
  shopifyApp: ShopifyApp | null;
  /** When the Fleet screen calls a device offline or its data at risk (config `fleet`). */
  fleetThresholds: FleetThresholds;
  /** The reports folder and SMTP server of scheduled finance reports (config `reports`). */
  reports: ReportRuntime;
}

function header(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : null;
}

export function createContext({ req }: CreateFastifyContextOptions): Context {
  return {
    db: req.server.db,
    databaseKind: req.server.database.kind,
    deviceId: header(req.headers[HEADER_DEVICE_ID]),
    requestId: req.id,
    logger: req.log as Logger,
    clientVersions: {
      protocol: header(req.headers[HEADER_PROTOCOL_VERSION]),
      schema: header(req.headers[HEADER_SCHEMA_VERSION]),
    },
    supportedVersions: req.server.supportedVersions,
    authorization: header(req.headers.authorization),
    pokeBus: req.server.pokeBus,
    redis: req.server.redis,
    identity: req.server.identity,
    auth: req.server.authServices,
    tenantRateLimiter: req.server.tenantRateLimiter,
    xero: req.server.xero,
    shopifyApp: req.server.shopifyApp,
    jobs: req.server.jobs,
    fleetThresholds: req.server.fleetThresholds,
    reports: req.server.reportsRuntime,
  };
}
