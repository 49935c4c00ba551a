import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context';
import { errorData, trpcCodeFor } from './error-formatter';
import { AppError } from '../errors/app.error';
import { checkClientVersions } from './version-check';
import { authenticateDevice } from '../sync/device-auth.service';

const t = initTRPC.context<Context>().create({
  // Stacks never reach a client, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const { message, data } = errorData(error, ctx?.requestId ?? null);
    return {
      ...shape,
      message: message ?? shape.message,
      data: { httpStatus: shape.data.httpStatus, path: shape.data.path, ...data },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Services throw AppError; tRPC needs a TRPCError with the matching code to set the HTTP status.
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor(cause.code), message: cause.message, cause });
  }
  return result;
});

const versions = t.middleware(({ ctx, next }) => {
  checkClientVersions(ctx.clientVersions, ctx.supportedVersions);
  return next();
});

/** Every procedure: version check, AppError mapping. */
export const publicProcedure = t.procedure.use(appErrors).use(versions);

/** Sync procedures: the caller is an enrolled, unrevoked device (`authorization: Device <credential>`). */
export const deviceProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const device = await authenticateDevice(ctx.db, ctx.authorization);
  return next({ ctx: { device } });
});
