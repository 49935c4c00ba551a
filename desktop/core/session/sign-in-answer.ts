import { z } from 'zod';
import { roleGrantSchema } from '@capliquify/shared';

/** What the station sends to the server's `auth.signIn` (with its device credential, so the sign-in is bound to it). */
export interface SignInRequest { email: string; password: string; totpCode?: string }

// Commands travel under the device credential and carry the sign-in id, which the server checks;
// the access token is only for calls the person makes themselves (their authenticator), and is
// kept in memory, never on disk.
const accessTokenFields = {
  accessToken: z.string().min(1),
  /** When the access token stops working, by the server's clock. */
  accessExpiresAt: z.iso.datetime({ offset: true }),
};

/** The parts of `auth.signIn`'s answer the station keeps. */
export const signInAnswerSchema = z.object({
  signInId: z.string().min(1),
  refreshToken: z.string().min(1).nullable().optional(),
  user: z.object({ id: z.string().min(1), email: z.string(), displayName: z.string() }),
  grants: z.array(roleGrantSchema),
  mfa: z.boolean(),
  accessToken: accessTokenFields.accessToken.optional(),
  accessExpiresAt: accessTokenFields.accessExpiresAt.optional(),
});
export type SignInAnswer = z.infer<typeof signInAnswerSchema>;

/** `auth.refresh`: a new access token and the next refresh token (the one sent is spent). */
export const refreshAnswerSchema = z.object({ signInId: z.string().min(1), refreshToken: z.string().min(1), ...accessTokenFields });
export type RefreshAnswer = z.infer<typeof refreshAnswerSchema>;

/** `auth.beginTotp`: the new authenticator secret (base32) and its otpauth:// URI. */
export const authenticatorSecretSchema = z.object({ secret: z.string().min(1), otpauthUri: z.string().startsWith('otpauth://') });
export type AuthenticatorSecret = z.infer<typeof authenticatorSecretSchema>;

export const authenticatorConfirmedSchema = z.object({ totpEnabled: z.literal(true) });

/**
 * The server's `auth.*` procedures the station calls: signing in with the device credential, and,
 * for the person at the station, renewing their access token and enrolling their authenticator
 * (those two with `authorization: Bearer <access token>`).
 */
export interface SignInTransport {
  signIn(request: SignInRequest): Promise<SignInAnswer>;
  refresh(refreshToken: string): Promise<RefreshAnswer>;
  beginTotp(accessToken: string): Promise<AuthenticatorSecret>;
  confirmTotp(accessToken: string, code: string): Promise<{ totpEnabled: true }>;
}
