import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { IdentityProvider, Principal } from '../auth/principal';
import { AppError } from '../errors/app.error';
import { MemoryWindowCounter } from '../security/memory-window-counter';
import { TenantRateLimiter } from '../security/tenant-rate-limiter';
import type { Context } from './context';
import { authorizedProcedure, bearerToken, createCallerFactory, router, userProcedure } from './trpc';
import { DEFAULT_SUPPORTED_VERSIONS } from './version-check';

// A site action and a tenant action, as real routers will declare them.
const testRouter = router({
  manageCount: authorizedProcedure('count.manage').input(z.object({ siteId: z.string(), name: z.string() })).mutation(({ input }) => `managed ${input.name}`),
  manageUsers: authorizedProcedure('users.manage').query(() => 'users'),
  whoAmI: userProcedure.query(({ ctx }) => ctx.principal.userId),
});

// Bearer tokens here are the names of principals; the identity provider is the seam AppDeps
// offers for this, so the rule under test (denialFor applied to the right site) runs for real.
const people: Record<string, { grants: RoleGrant[]; mfa: boolean }> = {
  'manager-a': { grants: [{ siteId: 'site_a', role: 'manager' }], mfa: false },
  'operator-all': { grants: [{ siteId: null, role: 'operator' }], mfa: false },
  'admin': { grants: [{ siteId: null, role: 'admin' }], mfa: false },
  'admin-mfa': { grants: [{ siteId: null, role: 'admin' }], mfa: true },
  'admin-of-site-a': { grants: [{ siteId: 'site_a', role: 'admin' }], mfa: true },
};
const identity: IdentityProvider = {
  kind: 'builtin',
  async authenticate(token): Promise<Principal> {
    const person = people[token];
    if (!person) throw new AppError(ErrorCode.Unauthorized, 'unknown token');
    return { userId: token, tenantId: 'tnt_demo', provider: 'builtin', signInId: `sin_${token}`, ...person };
  },
};

function callerAs(token: string | null) {
  const ctx = {
    requestId: 'req-1', clientVersions: { protocol: null, schema: null }, supportedVersions: DEFAULT_SUPPORTED_VERSIONS,
    authorization: token === null ? null : `Bearer ${token}`, identity,
    tenantRateLimiter: new TenantRateLimiter(new MemoryWindowCounter(), 1_000),
  } as unknown as Context;
  return createCallerFactory(testRouter)(ctx);
}

async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(() => null, (e: unknown) => e);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('authorizedProcedure', () => {
  it('checks site actions at the site the input names', async () => {
    expect(await callerAs('manager-a').manageCount({ siteId: 'site_a', name: 'Q1' })).toBe('managed Q1');
    expect(await refusal(callerAs('manager-a').manageCount({ siteId: 'site_b', name: 'Q1' })))
      .toEqual({ code: 'FORBIDDEN', message: 'You have no role at this site.' });
    expect(await refusal(callerAs('operator-all').manageCount({ siteId: 'site_a', name: 'Q1' })))
      .toEqual({ code: 'FORBIDDEN', message: 'This needs the manager role; you are operator.' });
  });

  it('refuses a site action whose input names no site rather than checking the strongest role', async () => {
    const missing = callerAs('manager-a').manageCount({ name: 'Q1' } as never);
    expect(await refusal(missing)).toEqual({ code: 'BAD_REQUEST', message: 'This needs the site it applies to (`siteId`).' });
  });

  it('checks tenant actions against the roles granted for every site, and the second factor', async () => {
    expect(await refusal(callerAs('operator-all').manageUsers())).toEqual({ code: 'FORBIDDEN', message: 'This needs the admin role; you are operator.' });
    // An admin of one plant cannot manage people, or they could make themselves admin of the others.
    expect(await refusal(callerAs('admin-of-site-a').manageUsers()))
      .toEqual({ code: 'FORBIDDEN', message: 'You have no role across the whole organisation.' });
    expect(await refusal(callerAs('admin').manageUsers()))
      .toEqual({ code: 'FORBIDDEN', message: 'This needs a sign-in with your second factor (authenticator code).' });
    expect(await callerAs('admin-mfa').manageUsers()).toBe('users');
  });

  it('needs a bearer token the identity provider accepts', async () => {
    expect(await refusal(callerAs(null).whoAmI())).toEqual({ code: 'UNAUTHORIZED', message: 'Sign in first: this needs `authorization: Bearer <access token>`.' });
    expect(await refusal(callerAs('stranger').whoAmI())).toEqual({ code: 'UNAUTHORIZED', message: 'unknown token' });
    expect(await callerAs('admin').whoAmI()).toBe('admin');
  });

  it('reads only the Bearer scheme from the authorization header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Device dev_1.secret')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
