import { z } from 'zod';
import { roleGrantSchema } from '@capliquify/shared';

/** What the station sends to the server's `auth.signIn` (with its device credential, so the sign-in is bound to it). */
export interface SignInRequest { email: string; password: string; totpCode?: string }

/**
 * The parts of `auth.signIn`'s answer the station keeps. The access token is not kept: commands
 * travel under the device credential and carry the sign-in id, which the server checks.
 */
export const signInAnswerSchema = z.object({
  signInId: z.string().min(1),
  refreshToken: z.string().min(1).nullable().optional(),
  user: z.object({ id: z.string().min(1), email: z.string(), displayName: z.string() }),
  grants: z.array(roleGrantSchema),
  mfa: z.boolean(),
});
export type SignInAnswer = z.infer<typeof signInAnswerSchema>;

/** The server's `auth.signIn`, as the session service calls it. */
export interface SignInTransport {
  signIn(request: SignInRequest): Promise<SignInAnswer>;
}
