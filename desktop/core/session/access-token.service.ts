import type { Kysely } from 'kysely';
import { ErrorCode } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { SyncTransportError } from '../sync-engine/sync-transport';
import { accountCallError } from './account-call-error';
import { findCurrentOperator, findOperator, setRefreshToken } from './operators.repo';
import { SessionError, signInAgain } from './session-error';
import type { SignInAnswer, SignInTransport } from './sign-in-answer';

/** A held access token is renewed this long before it runs out, so it never expires on its way to the server. */
export const RENEW_BEFORE_MS = 60_000;

const OFFLINE = 'You are offline: this needs the server.';

export interface AccessTokensDeps {
  db: Kysely<ReplicaDatabase>;
  auth: Pick<SignInTransport, 'refresh'>;
  /** The server's clock as the station estimates it: expiry times are the server's, and a station's clock can be hours off. */
  serverNow: () => Date;
}

interface Held { token: string; expiresAt: number }

/**
 * Access tokens for the person at the station, for the calls they make themselves. A token is
 * kept in memory until shortly before it expires, then renewed with the sign-in's refresh token.
 * Refresh tokens rotate and a spent one presented again ends the whole sign-in, so renewals run
 * one at a time (callers that arrive meanwhile share the result), and the next refresh token is
 * stored in the replica before the access token is used: a station that stops at any point still
 * holds the one refresh token the server will take.
 */
export function createAccessTokens({ db, auth, serverNow }: AccessTokensDeps) {
  const held = new Map<string, Held>();
  let renewals: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = renewals.then(run, run);
    renewals = next.catch(() => undefined);
    return next;
  };
  const usable = (signInId: string): string | null => {
    const token = held.get(signInId);
    return token && token.expiresAt - RENEW_BEFORE_MS > serverNow().getTime() ? token.token : null;
  };

  const renew = (userId: string, signInId: string): Promise<string> => oneAtATime(async () => {
    const ready = usable(signInId);
    if (ready) return ready;
    // Read inside the queue: the refresh token the renewal before this one stored.
    const row = await findOperator(db, userId);
    if (row?.sign_in_id !== signInId || !row.refresh_token) throw signInAgain();
    let answer;
    try {
      answer = await auth.refresh(row.refresh_token);
    } catch (error) {
      if (error instanceof SyncTransportError && error.code === ErrorCode.Unauthorized) {
        // Spent, revoked or expired: sending it again could only end the sign-in or be refused.
        await setRefreshToken(db, userId, signInId, null);
        held.delete(signInId);
        throw signInAgain(error);
      }
      throw accountCallError(error, OFFLINE);
    }
    await setRefreshToken(db, userId, signInId, answer.refreshToken);
    held.set(signInId, { token: answer.accessToken, expiresAt: Date.parse(answer.accessExpiresAt) });
    return answer.accessToken;
  });

  /** The current person's access token, and whether it was one already held (rather than just issued). */
  const current = async (): Promise<{ token: string; signInId: string; wasHeld: boolean }> => {
    const row = await findCurrentOperator(db);
    if (!row) throw new SessionError('UNAUTHORIZED', 'Sign in first: no one is signed in at this station.');
    const ready = usable(row.sign_in_id);
    if (ready) return { token: ready, signInId: row.sign_in_id, wasHeld: true };
    return { token: await renew(row.user_id, row.sign_in_id), signInId: row.sign_in_id, wasHeld: false };
  };

  return {
    /** A fresh access token for the person at the station (refused when no one is, offline, or the sign-in ended). */
    async accessToken(): Promise<string> {
      return (await current()).token;
    },

    /**
     * Runs `call` with the person's access token. A held token the server refuses (the sign-in
     * was ended meanwhile, or the clocks disagree) is dropped and `call` runs once more with a
     * renewed one; that renewal says whether the sign-in still stands.
     */
    async withAccessToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
      const first = await current();
      try {
        return await call(first.token);
      } catch (error) {
        if (!first.wasHeld || !(error instanceof SyncTransportError) || error.code !== ErrorCode.Unauthorized) throw error;
        held.delete(first.signInId);
        return call((await current()).token);
      }
    },

    /** Keeps the access token an online sign-in answered with, so its first call needs no renewal. */
    remember(answer: SignInAnswer): void {
      if (answer.accessToken && answer.accessExpiresAt) held.set(answer.signInId, { token: answer.accessToken, expiresAt: Date.parse(answer.accessExpiresAt) });
    },

    /** Drops the token held for a sign-in (its person was forgotten on this station). */
    drop(signInId: string): void {
      held.delete(signInId);
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
