import { ErrorCode } from '@capliquify/shared';
import { SyncTransportError } from '../sync-engine/sync-transport';
import type { AccessTokens } from './access-token.service';
import { accountCallError } from './account-call-error';
import { SessionError } from './session-error';
import type { AuthenticatorSecret, SignInTransport } from './sign-in-answer';

const OFFLINE = 'You are offline: setting up an authenticator needs the server. Try again once the station is back online.';

function enrolmentError(error: unknown): unknown {
  if (error instanceof SyncTransportError && error.code === ErrorCode.Conflict) {
    return new SessionError('AUTHENTICATOR_EXISTS', 'An authenticator is already set up for your account: sign in again with its code.', {}, { cause: error });
  }
  return accountCallError(error, OFFLINE);
}

/**
 * Enrolling an authenticator (TOTP) for the person at the station, with their own access token:
 * the server makes the secret, and puts it in force once a code from it proves the app has it.
 * The sign-in in use keeps no second factor (the server decides that per sign-in): approving and
 * managing need the person to sign in again with a code.
 */
export function createAuthenticatorEnrolment({ auth, tokens }: { auth: Pick<SignInTransport, 'beginTotp' | 'confirmTotp'>; tokens: AccessTokens }) {
  return {
    /** A new secret to type (or scan) into an authenticator app; starting again replaces it. */
    async begin(): Promise<AuthenticatorSecret> {
      try {
        return await tokens.withAccessToken((token) => auth.beginTotp(token));
      } catch (error) {
        throw enrolmentError(error);
      }
    },

    /** Puts the authenticator in force with a code it shows now. */
    async confirm({ code }: { code: string }): Promise<{ totpEnabled: true }> {
      const typed = code.replace(/\s/g, '');
      if (!/^\d{6}$/.test(typed)) throw new SessionError('BAD_REQUEST', 'Type the 6-digit code your authenticator app shows.');
      try {
        return await tokens.withAccessToken((token) => auth.confirmTotp(token, typed));
      } catch (error) {
        throw enrolmentError(error);
      }
    },
  };
}
