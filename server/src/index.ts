// The server's public surface: what the start script, the CLI and tests import.
export { buildApp, type AppDeps } from './app';
export { ConfigError, loadServerConfig, type ServerConfig } from './config';
export { createDatabase, type DatabaseHandle, type DatabaseKind } from './db/create-database';
export { migrateToLatest, migrationState } from './db/migrate';
export { PGliteDialect } from './db/pglite.dialect';
export type { Database } from './db/schema';
export { StartupError } from './errors/startup.error';
export { startApi, type RunningApi, type StartApiOptions } from './start-api';
export type { AppRouter } from './trpc/app-router';
export { describeStartFailure, runEntry } from './entry/run-entry';
export { resolveTenantId } from './domains/tenancy/tenant.service';
export { createEnrollmentCode, enrollDevice, type EnrollmentCode, type EnrollmentCodeRequest } from './sync/enrollment.service';
export { rebuildScopes, rebuildAllScopes, type RebuildResult } from './sync/rebuild-scopes.service';
export { listDevices, revokeDevice, type DeviceSummary } from './sync/devices.service';
export type { PokeBus, ScopeChange } from './sync/poke-bus';
export { createLocalStationCode } from './sync/local-station.service';
export { DEMO_SIGN_IN } from './domains/demo/demo-people';
export { startDemoIntegrations, type DemoIntegrations } from './integrations/demo/start-demo-integrations';
