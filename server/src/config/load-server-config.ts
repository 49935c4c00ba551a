import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config.error';
import { reportsConfig, smtpRules, type ReportsConfig } from './reports-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEMO_DATA_SIZES = ['full', 'small', 'none'] as const;
export type DemoDataSize = (typeof DEMO_DATA_SIZES)[number];
export const DEMO_INTEGRATIONS_MODES = ['off', 'fake'] as const;
export type DemoIntegrationsMode = (typeof DEMO_INTEGRATIONS_MODES)[number];

export interface ServerConfig {
  /** 0 asks the OS for any free port (tests, parallel runs). */
  port: number;
  host: string;
  /** Absolute data folder; the embedded database lives in `pgliteDir` inside it. */
  dataDir: string;
  pgliteDir: string;
  /** PostgreSQL URL; null means the embedded PGlite database. */
  databaseUrl: string | null;
  /** Redis URL; null means no Redis (in-process jobs, no cross-instance pokes). */
  redisUrl: string | null;
  logLevel: LogLevel;
  /** What to seed into an empty database at start. */
  demoData: DemoDataSize;
  /** `fake`: `npm start` also runs the vendors' fake servers on loopback and connects the demo tenant to them. */
  demoIntegrations: DemoIntegrationsMode;
  /** Browser origins allowed to call the API; empty allows none (the desktop core is not a browser). */
  corsOrigins: string[];
  /** Largest request body accepted, in bytes (pushes are paged well below it). */
  bodyLimitBytes: number;
  /** Who signs people in: built-in accounts (embedded default, self-hosting) or Clerk (production). */
  identity: IdentityConfig;
  /**
   * Keys that seal integration secrets and TOTP secrets (AES-256-GCM), newest first: the first
   * seals, every one opens. Null on embedded defaults: a key file in the data folder is used.
   */
  secretKeys: SecretKey[] | null;
  /** Requests per minute allowed per IP before 429. */
  rateLimitPerMinute: number;
  /** Requests per minute allowed per verified tenant (all its devices and people together) before 429. */
  tenantRateLimitPerMinute: number;
  /** Sign-in and token-refresh attempts per minute per IP, each call of a tRPC batch counted. */
  authRateLimitPerMinute: number;
  /** App-level credentials of the vendor integrations; each connected account's own secrets are sealed in the database. */
  integrations: IntegrationsConfig;
  /** The desktop fleet: where releases are kept, and when the Fleet screen calls a device offline or its data at risk. */
  fleet: FleetConfig;
  /** Scheduled finance reports: the folder they are saved under, the SMTP server that mails them. */
  reports: ReportsConfig;
}

export interface FleetConfig {
  /** Release artifacts, content-addressed: `<dataDir>/updates`. */
  updatesDir: string;
  /** Diagnostic bundles uploaded by devices: `<dataDir>/diagnostics`. */
  diagnosticsDir: string;
  /** A device holding unsynced commands older than this has data at risk. */
  dataAtRiskMinutes: number;
  /** A device that has not pulled for this long is offline. */
  offlineHours: number;
  /** Largest release artifact an upload accepts, in bytes. */
  maxArtifactBytes: number;
  /** Largest diagnostic bundle a device may upload, in bytes. */
  maxDiagnosticsBytes: number;
  /**
   * What `releases publish --server <url>` presents (CAPLIQUIFY_RELEASE_TOKEN): a publish token
   * from `releases token create`, or an admin's access token. The CLI's, never the server's.
   */
  releaseToken: string | null;
}

export interface IntegrationsConfig {
  /** Shopify signs every store's webhooks with the app's client secret; null refuses every webhook. */
  shopifyWebhookSecret: string | null;
  /**
   * The Shopify app for the OAuth install (authorization-code grant): its client id, the redirect
   * URI registered with it, and — tests and demo only — where the stores' hosts are (a fake's
   * `<url>/stores/<shop>`) instead of `https://<shop>`. The client secret is shopifyWebhookSecret:
   * Shopify signs webhooks and the OAuth redirect with the same app secret.
   */
  shopify: { clientId: string | null; redirectUri: string; apiBaseUrl: string | null };
  /** Login with Amazon app credentials, and the token endpoint (a fake on loopback in tests and demo). */
  amazon: { clientId: string | null; clientSecret: string | null; tokenUrl: string };
  /**
   * Xero OAuth2 app credentials and endpoints: people consent at `loginUrl` (login.xero.com), tokens
   * come from `identityUrl` (identity.xero.com), and Xero sends them back to `redirectUri`, which
   * must be registered with the app.
   */
  xero: { clientId: string | null; clientSecret: string | null; identityUrl: string; loginUrl: string; apiUrl: string; redirectUri: string };
}

export interface SecretKey { id: string; key: Buffer }

export type IdentityConfig =
  | { provider: 'builtin'; tokenSecret: string | null }
  | { provider: 'clerk'; issuer: string; jwksUrl: string; authorizedParties: string[] };

// Each variable's rule and the sentence that explains it when broken.
const rules = {
  PORT: {
    schema: z.string().regex(/^\d{1,5}$/).transform(Number).pipe(z.number().max(65_535)),
    expect: 'must be an integer 0–65535',
  },
  HOST: { schema: z.string().regex(/^[\w.:[\]-]+$/), expect: 'must be a host name or IP address' },
  CAPLIQUIFY_DATA_DIR: { schema: z.string(), expect: 'must be a folder path' },
  DATABASE_URL: {
    schema: z.url({ protocol: /^postgres(ql)?$/ }),
    expect: 'must be a postgres:// or postgresql:// URL',
  },
  REDIS_URL: { schema: z.url({ protocol: /^rediss?$/ }), expect: 'must be a redis:// or rediss:// URL' },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS), expect: `must be one of ${LOG_LEVELS.join(', ')}` },
  DEMO_DATA: { schema: z.enum(DEMO_DATA_SIZES), expect: `must be one of ${DEMO_DATA_SIZES.join(', ')}` },
  DEMO_INTEGRATIONS: { schema: z.enum(DEMO_INTEGRATIONS_MODES), expect: `must be one of ${DEMO_INTEGRATIONS_MODES.join(', ')}` },
  CORS_ORIGINS: {
    schema: z.string().transform((list) => list.split(',').map((o) => o.trim()).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o))),
    expect: 'must be a comma-separated list of origins like https://app.example.com',
  },
  IDENTITY_PROVIDER: { schema: z.enum(['builtin', 'clerk']), expect: 'must be builtin or clerk' },
  AUTH_TOKEN_SECRET: { schema: z.string().min(32), expect: 'must be at least 32 characters' },
  CLERK_ISSUER: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be the Clerk frontend API URL, like https://clerk.example.com' },
  CLERK_JWKS_URL: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be an https:// URL' },
  CLERK_AUTHORIZED_PARTIES: {
    schema: z.string().transform((list) => list.split(',').map((o) => o.trim()).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1)),
    expect: 'must be a comma-separated list of the origins allowed to present Clerk sessions',
  },
  SECRETS_KEYS: {
    schema: z.string().transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[\w-]{1,32}:[A-Za-z0-9+/]{43}=$/)).min(1))
      .transform((entries) => entries.map((entry) => {
        const [id, key] = entry.split(':') as [string, string];
        return { id, key: Buffer.from(key, 'base64') };
      })),
    expect: 'must be a comma-separated list of id:key pairs, each key 32 bytes in base64 (newest first)',
  },
  RATE_LIMIT_PER_MINUTE: { schema: perMinute(), expect: 'must be a positive integer' },
  TENANT_RATE_LIMIT_PER_MINUTE: { schema: perMinute(), expect: 'must be a positive integer' },
  AUTH_RATE_LIMIT_PER_MINUTE: { schema: perMinute(), expect: 'must be a positive integer' },
  SHOPIFY_WEBHOOK_SECRET: { schema: z.string().min(16), expect: "must be the Shopify app's client secret (16+ characters)" },
  SHOPIFY_CLIENT_ID: { schema: z.string().min(1), expect: "must be the Shopify app's client id" },
  SHOPIFY_REDIRECT_URI: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be the http(s) URL of /integrations/shopify/callback registered with the Shopify app' },
  SHOPIFY_API_BASE_URL: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be an http(s) URL (a fake Shopify, tests and demo only)' },
  AMAZON_LWA_CLIENT_ID: { schema: z.string().min(1), expect: 'must be the Login with Amazon client id' },
  AMAZON_LWA_CLIENT_SECRET: { schema: z.string().min(1), expect: 'must be the Login with Amazon client secret' },
  AMAZON_LWA_TOKEN_URL: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be an http(s) URL' },
  XERO_CLIENT_ID: { schema: z.string().min(1), expect: 'must be the Xero app client id' },
  XERO_CLIENT_SECRET: { schema: z.string().min(1), expect: 'must be the Xero app client secret' },
  XERO_IDENTITY_URL: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be an http(s) URL' },
  XERO_API_URL: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be an http(s) URL' },
  XERO_LOGIN_URL: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be an http(s) URL' },
  XERO_REDIRECT_URI: { schema: z.url({ protocol: /^https?$/ }), expect: 'must be the http(s) URL of /integrations/xero/callback registered with the Xero app' },
  FLEET_DATA_AT_RISK_MINUTES: { schema: perMinute(), expect: 'must be a positive whole number of minutes' },
  FLEET_OFFLINE_HOURS: { schema: perMinute(), expect: 'must be a positive whole number of hours' },
  // Any non-blank value: the server judges it, and a refusal here would print the secret.
  CAPLIQUIFY_RELEASE_TOKEN: { schema: z.string().trim(), expect: 'must be a publish token' },
  ...smtpRules,
} as const;

function perMinute() {
  return z.string().regex(/^\d{1,7}$/).transform(Number).pipe(z.number().min(1));
}

type Variable = keyof typeof rules;

const envSchema = z.object(
  Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule.schema.optional()])) as {
    [K in Variable]: z.ZodOptional<(typeof rules)[K]['schema']>;
  },
);

const DEFAULT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
// A tenant's stations and people call from several addresses (plants, offices): its budget is several addresses' worth.
const TENANT_BUDGET_IN_IP_BUDGETS = 10;

/**
 * Reads and validates the server's environment, once, at start. Throws a ConfigError naming every
 * bad variable and its value, so a misconfigured pod fails before it listens.
 */
export function loadServerConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ServerConfig {
  const raw = blankToUndefined(env);
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0]) as Variable))];
    throw new ConfigError(names.map((name) => `${name} ${rules[name].expect} (got ${JSON.stringify(raw[name])})`).join('; '));
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.CAPLIQUIFY_DATA_DIR ?? '.data');
  return Object.freeze({
    port: e.PORT ?? 4000,
    host: e.HOST ?? '127.0.0.1',
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    logLevel: e.LOG_LEVEL ?? 'info',
    demoData: e.DEMO_DATA ?? 'full',
    demoIntegrations: e.DEMO_INTEGRATIONS ?? 'off',
    corsOrigins: e.CORS_ORIGINS ?? [],
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    identity: identityConfig(e),
    secretKeys: e.SECRETS_KEYS ?? null,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    tenantRateLimitPerMinute: e.TENANT_RATE_LIMIT_PER_MINUTE
      ?? TENANT_BUDGET_IN_IP_BUDGETS * (e.RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMIT_PER_MINUTE),
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE ?? 20,
    integrations: {
      shopifyWebhookSecret: e.SHOPIFY_WEBHOOK_SECRET ?? null,
      shopify: {
        clientId: e.SHOPIFY_CLIENT_ID ?? null,
        redirectUri: e.SHOPIFY_REDIRECT_URI ?? `http://localhost:${e.PORT ?? 4000}/integrations/shopify/callback`,
        apiBaseUrl: e.SHOPIFY_API_BASE_URL?.replace(/\/$/, '') ?? null,
      },
      amazon: { clientId: e.AMAZON_LWA_CLIENT_ID ?? null, clientSecret: e.AMAZON_LWA_CLIENT_SECRET ?? null, tokenUrl: e.AMAZON_LWA_TOKEN_URL ?? 'https://api.amazon.com/auth/o2/token' },
      xero: {
        clientId: e.XERO_CLIENT_ID ?? null, clientSecret: e.XERO_CLIENT_SECRET ?? null,
        identityUrl: (e.XERO_IDENTITY_URL ?? 'https://identity.xero.com').replace(/\/$/, ''),
        loginUrl: (e.XERO_LOGIN_URL ?? 'https://login.xero.com').replace(/\/$/, ''),
        apiUrl: (e.XERO_API_URL ?? 'https://api.xero.com').replace(/\/$/, ''),
        redirectUri: e.XERO_REDIRECT_URI ?? `http://localhost:${e.PORT ?? 4000}/integrations/xero/callback`,
      },
    },
    fleet: {
      updatesDir: path.join(dataDir, 'updates'),
      diagnosticsDir: path.join(dataDir, 'diagnostics'),
      dataAtRiskMinutes: e.FLEET_DATA_AT_RISK_MINUTES ?? 60,
      offlineHours: e.FLEET_OFFLINE_HOURS ?? 24,
      maxArtifactBytes: 2 * 1024 ** 3,
      maxDiagnosticsBytes: 20 * 1024 ** 2,
      releaseToken: e.CAPLIQUIFY_RELEASE_TOKEN || null,
    },
    reports: reportsConfig(dataDir, e),
  });
}

function identityConfig(e: z.infer<typeof envSchema>): IdentityConfig {
  if (e.IDENTITY_PROVIDER !== 'clerk') return { provider: 'builtin', tokenSecret: e.AUTH_TOKEN_SECRET ?? null };
  if (!e.CLERK_ISSUER || !e.CLERK_AUTHORIZED_PARTIES) {
    throw new ConfigError('IDENTITY_PROVIDER=clerk needs CLERK_ISSUER and CLERK_AUTHORIZED_PARTIES');
  }
  const issuer = e.CLERK_ISSUER.replace(/\/$/, '');
  return {
    provider: 'clerk', issuer,
    jwksUrl: e.CLERK_JWKS_URL ?? `${issuer}/.well-known/jwks.json`,
    authorizedParties: e.CLERK_AUTHORIZED_PARTIES,
  };
}

// An exported-but-empty variable (`PORT=`) means "not set", not "invalid".
function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(rules).map((name) => [name, env[name]?.trim() ? env[name] : undefined]));
}

/** The entry points' config: this process's environment and working directory. */
export function loadServerConfigFromProcess(): ServerConfig {
  return loadServerConfig(process.env, process.cwd());
}
