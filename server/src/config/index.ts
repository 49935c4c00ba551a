export { ConfigError } from './config.error';
export { loadServerConfig, loadServerConfigFromProcess, LOG_LEVELS, DEMO_DATA_SIZES, DEMO_INTEGRATIONS_MODES } from './load-server-config';
export type { ServerConfig, LogLevel, DemoDataSize, DemoIntegrationsMode, IdentityConfig, SecretKey, IntegrationsConfig, FleetConfig } from './load-server-config';
export type { ReportsConfig, SmtpConfig } from './reports-config';
