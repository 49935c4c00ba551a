import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { IntegrationError } from '../integration-error';
import { lockRefreshToken, markGrantNeedsReauth, readAccessToken, storeTokens, type StoredAccessToken, type XeroGrant } from './xero-grant.repo';
import { refreshGrant } from './xero-oauth';
import type { XeroRuntime } from './xero-runtime';
import type { XeroTokens } from './xero.schemas';

// Access tokens last 30 minutes; every refresh rotates the refresh token. The rules:
// - one refresh at a time per grant: the refresh token's row is locked while refreshing, and whoever
//   waited for the lock finds the fresh access token and uses it;
// - the new refresh token is committed before the new access token is handed out, so nothing ever
//   uses a token pair whose refresh half is not safely stored;
// - an answer lost on the way back (Xero rotated, we never heard) is retried with the same, still
//   stored refresh token: Xero honours it for 30 minutes. A crash at that moment is covered the
//   same way by the next job within the grace period;
// - `invalid_grant` means a person must reconnect: the grant's integrations become needs_reauth.

/** Refresh a little before expiry, so a token never dies between our check and Xero's. */
const EARLY_MS = 2 * 60_000;
const REFRESH_ATTEMPTS = 3;

export interface AccessTokenOptions {
  /** An access token Xero just refused (401): get another even if it looks unexpired. */
  rejected?: string;
  log?: Logger;
}

export async function xeroAccessToken(db: Kysely<Database>, rt: XeroRuntime, grant: XeroGrant, options: AccessTokenOptions = {}): Promise<string> {
  const usable = (stored: StoredAccessToken | null): stored is StoredAccessToken =>
    stored !== null && stored.token !== options.rejected && stored.expiresAt.getTime() - rt.now().getTime() > EARLY_MS;
  const cached = await readAccessToken(db, rt.secretBox(), grant);
  if (usable(cached)) return cached.token;
  try {
    return await db.transaction().execute(async (trx) => {
      const sealed = await lockRefreshToken(trx, grant);
      if (!sealed) throw new IntegrationError('xero', 'needs_reauth', 'No Xero refresh token is stored for this connection: an admin must connect Xero again.');
      const current = await readAccessToken(trx, rt.secretBox(), grant);
      if (usable(current)) return current.token;
      const tokens = await refreshWithRetries(rt, rt.secretBox().open(sealed), options.log);
      await storeTokens(trx, rt.secretBox(), grant, tokens, rt.now());
      options.log?.info({ grantId: grant.grantId }, 'Xero tokens refreshed');
      return tokens.access_token;
    });
  } catch (error) {
    if (error instanceof IntegrationError && error.failure === 'needs_reauth') await markGrantNeedsReauth(db, grant.grantId, error.message);
    throw error;
  }
}

async function refreshWithRetries(rt: XeroRuntime, refreshToken: string, log?: Logger): Promise<XeroTokens> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await refreshGrant(rt.app, refreshToken);
    } catch (error) {
      if (!(error instanceof IntegrationError) || error.failure !== 'unavailable' || attempt >= REFRESH_ATTEMPTS) throw error;
      log?.warn({ attempt, reason: error.message }, 'Xero token refresh got no usable answer; retrying with the same refresh token (grace period)');
      await rt.sleep(500 * 2 ** (attempt - 1));
    }
  }
}
