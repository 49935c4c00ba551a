import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.error';
import { loadServerConfig } from './load-server-config';

const cwd = '/srv/capliquify';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadServerConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServerConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadServerConfig({}, cwd)).toEqual({
      port: 4000,
      host: '127.0.0.1',
      dataDir: path.join(cwd, '.data'),
      pgliteDir: path.join(cwd, '.data', 'pglite'),
      databaseUrl: null,
      redisUrl: null,
      logLevel: 'info',
      demoData: 'full',
      demoIntegrations: 'off',
      corsOrigins: [],
      bodyLimitBytes: 5 * 1024 * 1024,
      identity: { provider: 'builtin', tokenSecret: null },
      secretKeys: null,
      rateLimitPerMinute: 600,
      tenantRateLimitPerMinute: 6_000,
      authRateLimitPerMinute: 20,
      integrations: {
        shopifyWebhookSecret: null,
        shopify: { clientId: null, redirectUri: 'http://localhost:4000/integrations/shopify/callback', apiBaseUrl: null },
        amazon: { clientId: null, clientSecret: null, tokenUrl: 'https://api.amazon.com/auth/o2/token' },
        xero: {
          clientId: null, clientSecret: null, identityUrl: 'https://identity.xero.com', loginUrl: 'https://login.xero.com',
          apiUrl: 'https://api.xero.com', redirectUri: 'http://localhost:4000/integrations/xero/callback',
        },
      },
      fleet: {
        updatesDir: '/srv/capliquify/.data/updates', diagnosticsDir: '/srv/capliquify/.data/diagnostics',
        dataAtRiskMinutes: 60, offlineHours: 24, maxArtifactBytes: 2 * 1024 ** 3, maxDiagnosticsBytes: 20 * 1024 ** 2, releaseToken: null,
      },
      reports: { dir: '/srv/capliquify/.data/reports', smtp: null },
    });
  });

  it('reads when the Fleet screen calls a device offline or its data at risk', () => {
    expect(loadServerConfig({ FLEET_DATA_AT_RISK_MINUTES: '15', FLEET_OFFLINE_HOURS: '48' }, cwd).fleet).toMatchObject({ dataAtRiskMinutes: 15, offlineHours: 48 });
    expect(errorOf({ FLEET_DATA_AT_RISK_MINUTES: 'soon' }).message).toBe('FLEET_DATA_AT_RISK_MINUTES must be a positive whole number of minutes (got "soon")');
  });

  it('reads the token `releases publish --server` presents, blank meaning none', () => {
    expect(loadServerConfig({ CAPLIQUIFY_RELEASE_TOKEN: ' rtok_abc.def ' }, cwd).fleet.releaseToken).toBe('rtok_abc.def');
    expect(loadServerConfig({ CAPLIQUIFY_RELEASE_TOKEN: '  ' }, cwd).fleet.releaseToken).toBeNull();
  });

  it('reads the rate limits, the tenant budget following the per-IP one unless set', () => {
    expect(loadServerConfig({ RATE_LIMIT_PER_MINUTE: '100' }, cwd)).toMatchObject({ rateLimitPerMinute: 100, tenantRateLimitPerMinute: 1_000, authRateLimitPerMinute: 20 });
    expect(loadServerConfig({ RATE_LIMIT_PER_MINUTE: '100', TENANT_RATE_LIMIT_PER_MINUTE: '250', AUTH_RATE_LIMIT_PER_MINUTE: '5' }, cwd))
      .toMatchObject({ rateLimitPerMinute: 100, tenantRateLimitPerMinute: 250, authRateLimitPerMinute: 5 });
    expect(errorOf({ TENANT_RATE_LIMIT_PER_MINUTE: '0', AUTH_RATE_LIMIT_PER_MINUTE: 'lots' }).message)
      .toBe('TENANT_RATE_LIMIT_PER_MINUTE must be a positive integer (got "0"); AUTH_RATE_LIMIT_PER_MINUTE must be a positive integer (got "lots")');
  });

  it('reads the Clerk settings, deriving the JWKS address from the issuer', () => {
    const config = loadServerConfig({
      IDENTITY_PROVIDER: 'clerk', CLERK_ISSUER: 'https://clerk.example.com/',
      CLERK_AUTHORIZED_PARTIES: 'https://app.example.com, http://localhost:5173',
    }, cwd);
    expect(config.identity).toEqual({
      provider: 'clerk', issuer: 'https://clerk.example.com', jwksUrl: 'https://clerk.example.com/.well-known/jwks.json',
      authorizedParties: ['https://app.example.com', 'http://localhost:5173'],
    });
  });

  it('refuses Clerk without its issuer, and secret keys that are not 32 bytes', () => {
    expect(() => loadServerConfig({ IDENTITY_PROVIDER: 'clerk' }, cwd)).toThrow(/CLERK_ISSUER/);
    expect(() => loadServerConfig({ SECRETS_KEYS: 'k1:c2hvcnQ=' }, cwd)).toThrow(/SECRETS_KEYS must be/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadServerConfig({ SECRETS_KEYS: `k2:${key}, k1:${key}` }, cwd).secretKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('reads every variable', () => {
    const config = loadServerConfig({
      PORT: '0', HOST: '0.0.0.0', CAPLIQUIFY_DATA_DIR: '/var/lib/capliquify',
      DATABASE_URL: 'postgres://app:secret@db:5432/capliquify', REDIS_URL: 'redis://cache:6379',
      LOG_LEVEL: 'debug', DEMO_DATA: 'small', DEMO_INTEGRATIONS: 'fake', CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
    }, cwd);
    expect(config).toMatchObject({
      port: 0, host: '0.0.0.0', dataDir: '/var/lib/capliquify', pgliteDir: '/var/lib/capliquify/pglite',
      databaseUrl: 'postgres://app:secret@db:5432/capliquify', redisUrl: 'redis://cache:6379',
      logLevel: 'debug', demoData: 'small', demoIntegrations: 'fake', corsOrigins: ['https://a.example.com', 'http://localhost:5173'],
    });
  });

  it('reads the Shopify app for the OAuth install, its redirect following PORT unless set', () => {
    expect(loadServerConfig({ PORT: '8080', SHOPIFY_CLIENT_ID: 'shopify-app-id' }, cwd).integrations.shopify)
      .toEqual({ clientId: 'shopify-app-id', redirectUri: 'http://localhost:8080/integrations/shopify/callback', apiBaseUrl: null });
    expect(loadServerConfig({ SHOPIFY_REDIRECT_URI: 'https://api.example.com/integrations/shopify/callback', SHOPIFY_API_BASE_URL: 'http://127.0.0.1:9999/' }, cwd).integrations.shopify)
      .toMatchObject({ redirectUri: 'https://api.example.com/integrations/shopify/callback', apiBaseUrl: 'http://127.0.0.1:9999' });
    expect(errorOf({ SHOPIFY_API_BASE_URL: 'ftp://x' }).message).toContain('SHOPIFY_API_BASE_URL must be an http(s) URL');
  });

  it('treats a blank variable as unset', () => {
    expect(loadServerConfig({ PORT: '', DATABASE_URL: ' ' }, cwd)).toMatchObject({ port: 4000, databaseUrl: null });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer 0–65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer 0–65535 (got "70000")'],
    [{ PORT: '-1' }, 'PORT must be an integer 0–65535 (got "-1")'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x")'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL (got "localhost:6379")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ DEMO_DATA: 'huge' }, 'DEMO_DATA must be one of full, small, none (got "huge")'],
    [{ DEMO_INTEGRATIONS: 'real' }, 'DEMO_INTEGRATIONS must be one of off, fake (got "real")'],
    [{ CORS_ORIGINS: 'https://a.example.com/path' }, 'CORS_ORIGINS must be a comma-separated list of origins'],
  ])('names the variable in the error for %o', (env, message) => {
    expect(errorOf(env).message).toContain(message);
  });

  it('reports every bad variable at once', () => {
    const { message } = errorOf({ PORT: 'x', DEMO_DATA: 'y' });
    expect(message).toMatch(/^PORT .*; DEMO_DATA /);
  });
});
