import type { z } from 'zod';
import { IntegrationError } from '../integration-error';
import { XERO_SCOPES, type XeroApp } from './xero-runtime';
import { xeroConnectionsSchema, xeroTokenSchema, type XeroConnection, type XeroTokens } from './xero.schemas';

// Xero's OAuth2 authorization-code flow for a confidential (web) app: consent at the login host,
// tokens from the identity host with the app's credentials in Basic auth, then the organisations
// the grant reaches from /connections. Tokens never appear in an error message or a log line.

const TIMEOUT_MS = 30_000;

/** Where to send the admin to consent; `state` comes back with the code and is checked there. */
export function authorizeUrl(app: XeroApp, state: string): string {
  const url = new URL(`${app.loginUrl}/identity/connect/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: XERO_SCOPES.join(' '), state,
  }).toString();
  return url.toString();
}

export function exchangeCode(app: XeroApp, code: string): Promise<XeroTokens> {
  return tokenCall(app, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri });
}

/**
 * One refresh: Xero answers with a new access token AND a new refresh token, the old one staying
 * good for 30 minutes only. A dead grant is `needs_reauth`; a dropped connection is `unavailable`,
 * and the caller may try again with the same refresh token within the grace period.
 */
export function refreshGrant(app: XeroApp, refreshToken: string): Promise<XeroTokens> {
  return tokenCall(app, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** The organisations (tenants) this access token reaches. */
export async function listConnections(app: XeroApp, accessToken: string): Promise<XeroConnection[]> {
  const res = await send(`${app.apiUrl}/connections`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } }, 'connections');
  if (res.status === 401 || res.status === 403) throw new IntegrationError('xero', 'auth', `Xero refused the new access token for /connections (${res.status}).`, { status: res.status });
  return parsed(res, xeroConnectionsSchema, 'connections');
}

async function tokenCall(app: XeroApp, form: Record<string, string>): Promise<XeroTokens> {
  const res = await send(`${app.identityUrl}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams(form).toString(),
  }, 'token');
  if (res.status === 200) return parsed(res, xeroTokenSchema, 'token');
  const error = await res.json().then((b: unknown) => String((b as { error?: unknown } | null)?.error ?? ''), () => '');
  if (error === 'invalid_grant') {
    throw new IntegrationError('xero', 'needs_reauth', 'Xero no longer honours this connection (invalid_grant): an admin must reconnect Xero.', { status: res.status });
  }
  if (res.status === 401 || error === 'invalid_client' || error === 'unauthorized_client') {
    throw new IntegrationError('xero', 'auth', `Xero refused the app's credentials (${error || res.status}): check XERO_CLIENT_ID and XERO_CLIENT_SECRET.`, { status: res.status });
  }
  if (res.status === 429) throw new IntegrationError('xero', 'rate_limited', 'Xero token endpoint: too many requests.', { status: 429, retryAfterMs: retryAfterMs(res) });
  if (res.status >= 500) throw new IntegrationError('xero', 'unavailable', `Xero token endpoint answered ${res.status}.`, { status: res.status });
  throw new IntegrationError('xero', 'bad_payload', `Xero token endpoint refused the request: ${error || res.status}.`, { status: res.status });
}

async function send(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    // Refused, reset or timed out: whether Xero acted on it is unknown.
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new IntegrationError('xero', 'unavailable', `Xero ${what} request got no answer: ${reason}.`);
  }
}

async function parsed<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  if (res.status >= 500) throw new IntegrationError('xero', 'unavailable', `Xero ${what} answered ${res.status}.`, { status: res.status });
  const text = await res.text().catch(() => null);
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    throw new IntegrationError('xero', 'bad_payload', `Xero ${what} answered ${res.status} with something that is not JSON.`, { status: res.status });
  }
  const result = schema.safeParse(body);
  if (!result.success || res.status !== 200) {
    throw new IntegrationError('xero', 'bad_payload', `Xero ${what} answered ${res.status} with an unexpected shape${result.success ? '' : `: ${result.error.issues[0]?.message}`}.`, { status: res.status });
  }
  return result.data;
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(res: Response, now: Date = new Date()): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
