import { actionPolicies, denialFor, ErrorCode, type Action } from '@capliquify/shared';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context';
import { errorData, trpcCodeFor } from './error-formatter';
import { AppError } from '../errors/app.error';
import { checkClientVersions } from './version-check';
import { authenticateDevice } from '../sync/device-auth.service';
import { enforceTenantRateLimit } from '../security/tenant-rate-limiter';

import type { ProcedureAccess } from './procedure-access';

/** Every procedure says who may call it; procedure-access.ts lists them and a test holds the two together. */
export interface ProcedureMeta {
  access: ProcedureAccess;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
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
export const publicProcedure = t.procedure.meta({ access: 'public' }).use(appErrors).use(versions);

/** Sync procedures: the caller is an enrolled, unrevoked device (`authorization: Device <credential>`). */
export const deviceProcedure = publicProcedure.meta({ access: 'device' }).use(async ({ ctx, next }) => {
  const device = await authenticateDevice(ctx.db, ctx.authorization);
  await enforceTenantRateLimit(ctx.tenantRateLimiter, device.tenantId);
  return next({ ctx: { device } });
});

/** `Bearer <token>` from an authorization header, or null when it is not one. */
export function bearerToken(authorization: string | null): string | null {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1] ?? null;
}

/**
 * A signed-in person (`authorization: Bearer <access token>`), checked by the configured identity
 * provider on every call: `ctx.principal`. Needs no role; `authorizedProcedure` adds one.
 */
export const userProcedure = publicProcedure.meta({ access: 'user' }).use(async ({ ctx, next }) => {
  const token = bearerToken(ctx.authorization);
  if (!token) throw new AppError(ErrorCode.Unauthorized, 'Sign in first: this needs `authorization: Bearer <access token>`.');
  const principal = await ctx.identity.authenticate(token);
  await enforceTenantRateLimit(ctx.tenantRateLimiter, principal.tenantId);
  return next({ ctx: { principal } });
});

/**
 * A signed-in person allowed to perform `action` (shared `denialFor`): at the site named by the
 * input's `siteId` for site actions, with their strongest role for tenant actions. Refusals are
 * FORBIDDEN with the denial's sentence, which the desktop shows as is.
 */
export function authorizedProcedure(action: Action) {
  const scope = actionPolicies[action].scope;
  return userProcedure.meta({ access: { action } }).use(async ({ ctx, next, getRawInput }) => {
    let siteId: string | null = null;
    if (scope === 'site') {
      // Read before the procedure parses its input; a siteId that is not a plain string fails closed.
      const raw = (await getRawInput()) as { siteId?: unknown } | undefined;
      if (typeof raw?.siteId !== 'string' || !raw.siteId) throw new AppError(ErrorCode.BadRequest, 'This needs the site it applies to (`siteId`).');
      siteId = raw.siteId;
    }
    const denial = denialFor(action, ctx.principal, siteId);
    if (denial) throw new AppError(ErrorCode.Forbidden, denial.message, { reason: denial.reason });
    return next();
  });
}
