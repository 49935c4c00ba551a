import { z } from 'zod';
import { answer } from './answer';
import { t } from './trpc';

const signInInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1000),
  // An empty field means "no code"; its format is the server's to judge.
  totpCode: z.string().trim().max(32).optional().transform((code) => code || undefined),
});
// The PIN's rules (length, no 1111 or 1234) are the service's, so their sentences reach the screen.
const pinInput = z.object({ pin: z.string().max(64) });

// The code's format is the service's to judge, so its sentence reaches the screen.
const codeInput = z.object({ code: z.string().max(32) });

/**
 * Signing in at the station: online with email and password, again with a PIN (offline too), out;
 * and the person at the station enrolling their authenticator (online, with their own sign-in).
 */
export const sessionRouter = t.router({
  current: t.procedure.query(({ ctx }) => ctx.session.current()),
  signIn: t.procedure.input(signInInput).mutation(({ ctx, input }) => answer(() => ctx.session.signInOnline(input))),
  setPin: t.procedure.input(pinInput).mutation(({ ctx, input }) => answer(() => ctx.session.setPin(input))),
  unlockWithPin: t.procedure.input(pinInput.extend({ userId: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => answer(() => ctx.session.unlockWithPin(input))),
  signOut: t.procedure.mutation(({ ctx }) => answer(() => ctx.session.signOut())),
  forget: t.procedure.input(z.object({ userId: z.string().min(1).max(200) })).mutation(({ ctx, input }) => answer(() => ctx.session.forget(input.userId))),
  beginAuthenticator: t.procedure.mutation(({ ctx }) => answer(() => ctx.session.beginAuthenticator())),
  confirmAuthenticator: t.procedure.input(codeInput).mutation(({ ctx, input }) => answer(() => ctx.session.confirmAuthenticator(input))),
});
