import { ErrorCode } from '@capliquify/shared';
import { z } from 'zod';
import { userProfile } from '../../auth/accounts.service';
import { refresh, signIn, signOut } from '../../auth/sign-in.service';
import { beginTotp, confirmTotp } from '../../auth/totp-enrolment.service';
import { AppError } from '../../errors/app.error';
import { authenticateDevice } from '../../sync/device-auth.service';
import type { Context } from '../context';
import { publicProcedure, router, userProcedure } from '../trpc';

const signInInput = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1_024),
  totpCode: z.string().trim().max(16).optional(),
});

/** Built-in sign-in only: with Clerk, people sign in at Clerk and present its session token. */
function builtinOnly(ctx: Context): void {
  if (ctx.identity.kind !== 'builtin') throw new AppError(ErrorCode.BadRequest, 'This server signs people in with Clerk; use its sign-in page.');
}

export const authRouter = router({
  /** Email, password and (once enrolled) an authenticator code. From an enrolled station, the sign-in is bound to it. */
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    builtinOnly(ctx);
    // A station signs people in with its own credential; a wrong or revoked one is refused, not ignored.
    const device = ctx.authorization?.startsWith('Device ') ? await authenticateDevice(ctx.db, ctx.authorization) : null;
    return signIn(ctx.auth, { ...input, device: device && { deviceId: device.deviceId, tenantId: device.tenantId } });
  }),
  /** A fresh access token and the next refresh token; each refresh token works once. */
  refresh: publicProcedure.input(z.object({ refreshToken: z.string().min(1).max(200) })).mutation(({ ctx, input }) => {
    builtinOnly(ctx);
    return refresh(ctx.auth, input.refreshToken);
  }),
  signOut: userProcedure.mutation(async ({ ctx }) => {
    if (ctx.principal.provider === 'builtin') await signOut(ctx.auth, ctx.principal.signInId);
    return { signedOut: true as const };
  }),
  /** Who is signed in, their roles, and whether this sign-in passed a second factor. */
  me: userProcedure.query(async ({ ctx }) => ({
    user: await userProfile(ctx.db, ctx.principal.userId),
    grants: ctx.principal.grants,
    mfa: ctx.principal.mfa,
    provider: ctx.principal.provider,
  })),
  /** A new authenticator secret (and its otpauth:// URI for a QR code), not yet in force. */
  beginTotp: userProcedure.mutation(({ ctx }) => beginTotp(ctx.auth, ctx.principal.userId)),
  /** Puts the authenticator in force once a current code proves it works; later sign-ins need a code. */
  confirmTotp: userProcedure.input(z.object({ code: z.string().trim().min(6).max(16) })).mutation(({ ctx, input }) =>
    confirmTotp(ctx.auth, ctx.principal.userId, input.code)),
});
