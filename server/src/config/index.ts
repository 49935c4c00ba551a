export { ConfigError } from './config.error';
export { loadServerConfig, loadServerConfigFromProcess, LOG_LEVELS, DEMO_DATA_SIZES } from './load-server-config';
export type { ServerConfig, LogLevel, DemoDataSize, IdentityConfig, SecretKey, IntegrationsConfig } from './load-server-config';
