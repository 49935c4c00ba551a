import type { Kysely } from 'kysely';
import { ErrorCode } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { SyncMetaKey, getSyncMeta } from '../sync-engine/outbox.repo';
import { classifySyncError } from '../sync-engine/sync-transport';
import { createAccessTokens } from './access-token.service';
import { createAuthenticatorEnrolment } from './authenticator.service';
import { toOperator, type Operator } from './current-operator';
import {
  deleteOperator, findCurrentOperator, findOperator, findOperatorByEmail, getCurrentOperatorId, listOperators, saveSignedInOperator,
  setCurrentOperatorId, setPinFailures, setPinHash,
} from './operators.repo';
import { hashPin, pinMatches } from './pin-hash';
import { PIN_ATTEMPTS_PER_LOCK, afterWrongPin, pinProblem, secondsLocked } from './pin-rules';
import { SessionError, noOperator, type SessionErrorCode } from './session-error';
import type { SignInRequest, SignInTransport } from './sign-in-answer';

export interface KnownOperator { userId: string; displayName: string; email: string; hasPin: boolean; pinLockedForSeconds: number | null }
export interface SessionState { operator: Operator | null; knownOperators: KnownOperator[] }

export interface OperatorSessionDeps {
  db: Kysely<ReplicaDatabase>;
  /** The server's `auth.*` procedures over the device's transport (sign-in, refresh, authenticator). */
  auth: SignInTransport;
  /** The station's clock, for PIN lockouts (tests move it). */
  now?: () => Date;
  /** The server's clock as the station estimates it, for access tokens' expiry; `now` unless given. */
  serverNow?: () => Date;
}

/** Server codes a sign-in screen reacts to as they are; anything else is said in words. */
const PASSED_ON: Record<string, SessionErrorCode> = {
  [ErrorCode.Unauthorized]: 'UNAUTHORIZED', [ErrorCode.SecondFactorRequired]: 'SECOND_FACTOR_REQUIRED', [ErrorCode.AccountLocked]: 'ACCOUNT_LOCKED',
};

/**
 * Who is at the station. An online sign-in (email, password, authenticator code when the account
 * has one) goes to the server through the device's transport, so the sign-in is bound to this
 * device; what it answers is kept here. Someone who signed in here before and set a PIN can sign
 * in again with it, offline too: their sign-in id is reused, so the server still checks their
 * rights and second factor as it applies each command. Wrong PINs lock the PIN on this station.
 * For what the person does online themselves (enrolling an authenticator), their access token is
 * renewed with the sign-in's refresh token (access-token.service.ts).
 */
export function createOperatorSession({ db, auth, now = () => new Date(), serverNow = now }: OperatorSessionDeps) {
  const tokens = createAccessTokens({ db, auth, serverNow });
  const authenticator = createAuthenticatorEnrolment({ auth, tokens });
  // PIN checks run one at a time, so two quick tries cannot both read the same failure count.
  let pinQueue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = pinQueue.then(run, run);
    pinQueue = next.catch(() => undefined);
    return next;
  };

  const offline = async (email: string, cause: unknown) => {
    const known = await findOperatorByEmail(db, email);
    const message = known?.pin_hash ? 'You are offline: sign in with your PIN.'
      : known ? `You are offline, and ${known.display_name} has no PIN on this station yet: connect to sign in.`
        : 'You are offline: the first sign-in on this station needs the server.';
    return new SessionError('OFFLINE', message, {}, { cause });
  };

  const signInFailure = async (email: string, error: unknown): Promise<SessionError> => {
    const failure = classifySyncError(error);
    if (failure.kind === 'unreachable' || failure.code === ErrorCode.ServiceUnavailable) return offline(email, error);
    const passed = failure.code === null ? undefined : PASSED_ON[failure.code];
    if (passed) {
      const retryAfter = failure.details?.retryAfterSeconds;
      return new SessionError(passed, failure.message, typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}, { cause: error });
    }
    return new SessionError('BAD_REQUEST', `The server did not sign you in: ${failure.message}`, {}, { cause: error });
  };

  return {
    async current(): Promise<SessionState> {
      const at = now();
      const [current, everyone] = [await findCurrentOperator(db), await listOperators(db)];
      return {
        operator: current ? toOperator(current) : null,
        knownOperators: everyone.map((row) => ({
          userId: row.user_id, displayName: row.display_name, email: row.email, hasPin: row.pin_hash !== null,
          pinLockedForSeconds: secondsLocked(row.pin_locked_until === null ? null : new Date(row.pin_locked_until), at),
        })),
      };
    },

    async signInOnline(request: SignInRequest): Promise<{ operator: Operator }> {
      if (await getSyncMeta(db, SyncMetaKey.Credential) === null) {
        throw new SessionError('BAD_REQUEST', 'Enrol this station before anyone signs in on it.');
      }
      let answer;
      try {
        answer = await auth.signIn(request);
      } catch (error) {
        throw await signInFailure(request.email, error);
      }
      const { user } = answer;
      await db.transaction().execute(async (trx) => {
        await saveSignedInOperator(trx, {
          userId: user.id, email: user.email, displayName: user.displayName, grants: answer.grants, mfa: answer.mfa,
          signInId: answer.signInId, refreshToken: answer.refreshToken ?? null,
        }, now());
        await setCurrentOperatorId(trx, user.id);
      });
      tokens.remember(answer);
      return { operator: toOperator((await findOperator(db, user.id))!) };
    },

    async setPin({ pin }: { pin: string }): Promise<{ ok: true }> {
      const row = await findCurrentOperator(db);
      if (!row) throw noOperator();
      const problem = pinProblem(pin);
      if (problem) throw new SessionError('BAD_REQUEST', problem);
      await setPinHash(db, row.user_id, await hashPin(pin));
      return { ok: true };
    },

    unlockWithPin: ({ userId, pin }: { userId: string; pin: string }): Promise<{ operator: Operator }> => oneAtATime(async () => {
      const row = await findOperator(db, userId);
      if (!row?.pin_hash) {
        throw new SessionError('UNAUTHORIZED', row
          ? `${row.display_name} has no PIN on this station: sign in with email and password, then set one.`
          : 'Only someone who signed in on this station before can use a PIN here: sign in with email and password.');
      }
      const at = now();
      const locked = secondsLocked(row.pin_locked_until === null ? null : new Date(row.pin_locked_until), at);
      if (locked !== null) throw pinLocked(row.display_name, locked);
      if (!await pinMatches(pin, row.pin_hash)) {
        // A lock that has run out leaves its count of attempts at 0: the next five tries are fresh.
        const failures = afterWrongPin({ attempts: row.failed_pin_attempts, locks: row.pin_locks }, at);
        await setPinFailures(db, userId, failures);
        const lockedFor = secondsLocked(failures.lockedUntil, at);
        if (lockedFor !== null) throw pinLocked(row.display_name, lockedFor);
        const attemptsLeft = PIN_ATTEMPTS_PER_LOCK - failures.attempts;
        throw new SessionError('UNAUTHORIZED', `Wrong PIN: ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left before it locks.`, { attemptsLeft });
      }
      await db.transaction().execute(async (trx) => {
        await setPinFailures(trx, userId, { attempts: 0, locks: 0, lockedUntil: null });
        await setCurrentOperatorId(trx, userId);
      });
      return { operator: toOperator((await findOperator(db, userId))!) };
    }),

    /** Nobody is at the station any more; the person stays known here for their PIN. */
    async signOut(): Promise<{ ok: true }> {
      await setCurrentOperatorId(db, null);
      return { ok: true };
    },

    /**
     * Removes what this station keeps about the person (their PIN included). Their sign-in is
     * not ended on the server: commands they queued here must still be accepted when pushed.
     */
    async forget(userId: string): Promise<{ ok: true }> {
      const signInId = await db.transaction().execute(async (trx) => {
        if (await getCurrentOperatorId(trx) === userId) await setCurrentOperatorId(trx, null);
        const row = await findOperator(trx, userId);
        await deleteOperator(trx, userId);
        return row?.sign_in_id;
      });
      if (signInId) tokens.drop(signInId);
      return { ok: true };
    },

    /** A fresh access token for the person at the station, for calls they make themselves (see access-token.service.ts). */
    accessToken: () => tokens.accessToken(),

    /** Starts enrolling an authenticator for the person at the station: the secret and its otpauth:// URI. */
    beginAuthenticator: () => authenticator.begin(),

    /**
     * Puts the authenticator in force with a code from it. This sign-in still has no second
     * factor: the person signs in again with a code to approve counts or manage people.
     */
    confirmAuthenticator: (input: { code: string }) => authenticator.confirm(input),
  };
}

function pinLocked(name: string, seconds: number): SessionError {
  const minutes = Math.ceil(seconds / 60);
  return new SessionError('PIN_LOCKED', `Too many wrong PINs: ${name}'s PIN is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}. Sign in with email and password, or wait.`, { retryAfterSeconds: seconds });
}

export type OperatorSession = ReturnType<typeof createOperatorSession>;
