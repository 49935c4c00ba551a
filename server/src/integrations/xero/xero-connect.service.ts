import { randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { Database } from '../../db/schema';
import { AppError, badRequest } from '../../errors/app.error';
import { IntegrationError } from '../integration-error';
import type { Integration } from '../integrations.repo';
import { consumeOAuthState, deleteOldOAuthStates, insertOAuthState } from './oauth-states.repo';
import { countIntegrationsOfGrant, deleteGrantTokens, storeTokens } from './xero-grant.repo';
import { connectXeroOrganisation } from './xero-integrations.repo';
import { authorizeUrl, exchangeCode, listConnections } from './xero-oauth';
import type { XeroRuntime } from './xero-runtime';

/** How long an admin has to consent in Xero before the link dies. */
const STATE_TTL_MS = 10 * 60_000;

/** Step 1: the Xero consent URL for this admin, with a one-time state bound to them and their tenant. */
export async function startXeroConnect(db: Kysely<Database>, rt: XeroRuntime, actor: { tenantId: string; userId: string }): Promise<{ url: string; expiresAt: string }> {
  const state = randomBytes(32).toString('base64url');
  const expiresAt = new Date(rt.now().getTime() + STATE_TTL_MS);
  // Spent and expired states are of no use to anyone; a day's worth is kept for looking into a failed connect.
  await deleteOldOAuthStates(db, new Date(rt.now().getTime() - 24 * 3_600_000));
  await insertOAuthState(db, { state, tenantId: actor.tenantId, userId: actor.userId, vendor: 'xero', expiresAt });
  return { url: authorizeUrl(rt.app, state), expiresAt: expiresAt.toISOString() };
}

export interface XeroCallback { code?: string; state?: string; error?: string }

/**
 * Step 2, Xero's redirect: spends the state, exchanges the code, learns the organisations from
 * /connections and connects each one, the grant's tokens sealed in the same transaction as the
 * integrations and the audit entry. A grant no organisation uses any more (after a reconnect) is
 * forgotten.
 */
export async function finishXeroConnect(db: Kysely<Database>, rt: XeroRuntime, callback: XeroCallback): Promise<Integration[]> {
  const owner = callback.state ? await consumeOAuthState(db, callback.state, 'xero', rt.now()) : null;
  if (!owner) throw badRequest('This Xero sign-in link is unknown, already used or expired: start connecting Xero again from CapLiquify.');
  if (callback.error) {
    const reason = /^[a-z_]{1,40}$/.test(callback.error) ? callback.error : 'an error';
    throw badRequest(`Xero did not connect (${reason}): start again from CapLiquify if that was not intended.`);
  }
  if (!callback.code) throw badRequest('Xero sent no authorization code: start connecting Xero again from CapLiquify.');
  const { tokens, organisations } = await asAppError(async () => {
    const answer = await exchangeCode(rt.app, callback.code!);
    return { tokens: answer, organisations: (await listConnections(rt.app, answer.access_token)).filter((c) => c.tenantType === 'ORGANISATION') };
  });
  if (organisations.length === 0) throw badRequest('Xero connected no organisation: pick at least one organisation when Xero asks.');

  const grant = { tenantId: owner.tenantId, grantId: `xgr_${randomUUID()}` };
  const replaced = new Set<string>();
  const connected = await db.transaction().execute(async (trx) => {
    await storeTokens(trx, rt.secretBox(), grant, tokens, rt.now());
    const integrations: Integration[] = [];
    for (const org of organisations) {
      const { integration, previousGrantId } = await connectXeroOrganisation(trx, owner.tenantId, {
        xeroTenantId: org.tenantId, grantId: grant.grantId, organisation: org.tenantName || org.tenantId,
      });
      integrations.push(integration);
      if (previousGrantId) replaced.add(previousGrantId);
    }
    await appendAudit(trx, {
      tenantId: owner.tenantId, actorUserId: owner.userId, action: 'integration.connected', subject: `grant:${grant.grantId}`,
      details: { vendor: 'xero', integrations: integrations.map((i) => i.id) },
    });
    return integrations;
  });
  for (const grantId of replaced) {
    if (await countIntegrationsOfGrant(db, grantId) === 0) await deleteGrantTokens(db, { tenantId: owner.tenantId, grantId });
  }
  return connected;
}

// What went wrong with Xero, for the admin's browser: a refused code is theirs to retry, Xero
// being down is a 503, anything else an internal error.
async function asAppError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof IntegrationError)) throw error;
    if (error.failure === 'needs_reauth') throw badRequest('Xero refused the authorization code (used or expired): start connecting Xero again.');
    if (error.failure === 'unavailable' || error.failure === 'rate_limited') throw new AppError(ErrorCode.ServiceUnavailable, `${error.message} Try connecting again in a minute.`);
    throw new AppError(ErrorCode.Internal, error.message);
  }
}
