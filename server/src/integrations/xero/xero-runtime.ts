import { setTimeout as sleep } from 'node:timers/promises';
import { loadServerConfigFromProcess, type IntegrationsConfig } from '../../config';
import { loadSecretBox } from '../../security/load-secret-box';
import type { SecretBox } from '../../security/secret-box';

/** The Xero app as configured: credentials, the three hosts, and the redirect URI registered with Xero. */
export interface XeroApp {
  clientId: string; clientSecret: string; identityUrl: string; loginUrl: string; apiUrl: string; redirectUri: string;
}

/** Everything talking to Xero needs besides the database; tests replace the clock and the waiting. */
export interface XeroRuntime {
  app: XeroApp;
  /** Opens and seals the grant's tokens (opened on first use). */
  secretBox(): SecretBox;
  now(): Date;
  /** How the client waits out a Retry-After or a backoff. */
  sleep(ms: number): Promise<void>;
  /** The longest Retry-After waited in-process; a longer one goes back to the job runner as rate_limited. */
  maxWaitMs: number;
}

/** The app's scopes: read invoices, payments and contacts (Xero's granular scopes), and a refresh token. */
export const XERO_SCOPES = ['offline_access', 'accounting.invoices.read', 'accounting.payments.read', 'accounting.contacts.read'];

/**
 * The Xero runtime when the app is configured (XERO_CLIENT_ID and XERO_CLIENT_SECRET), or null:
 * Xero stays off, its callback route is not registered and its procedures say so.
 */
export function xeroRuntimeFrom(
  config: IntegrationsConfig['xero'], secretBox: () => SecretBox, overrides: Partial<Omit<XeroRuntime, 'app' | 'secretBox'>> = {},
): XeroRuntime | null {
  const { clientId, clientSecret } = config;
  if (!clientId || !clientSecret) return null;
  return {
    app: { clientId, clientSecret, identityUrl: config.identityUrl, loginUrl: config.loginUrl, apiUrl: config.apiUrl, redirectUri: config.redirectUri },
    secretBox,
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
    maxWaitMs: 60_000,
    ...overrides,
  };
}

let processRuntime: XeroRuntime | null | undefined;

/**
 * This worker's Xero runtime, from the configuration its entry read (jobs get only the database
 * from their context, as with the other vendors): built on first use, the box opened when needed.
 */
export function processXeroRuntime(): XeroRuntime | null {
  if (processRuntime === undefined) {
    const config = loadServerConfigFromProcess();
    let box: SecretBox | undefined;
    processRuntime = xeroRuntimeFrom(config.integrations.xero, () => (box ??= loadSecretBox(config)));
  }
  return processRuntime;
}
