import type { RoleGrant } from '@capliquify/shared';

/**
 * A signed-in person, as every user procedure sees them, whichever provider signed them in.
 * `mfa` says whether this sign-in passed a second factor (TOTP, or Clerk's `fva`).
 */
export interface Principal {
  userId: string;
  tenantId: string;
  provider: 'builtin' | 'clerk';
  /** The sign-in (built-in) or Clerk session this token belongs to. */
  signInId: string;
  mfa: boolean;
  grants: RoleGrant[];
}

/** Turns a bearer token into a Principal, or throws AppError(UNAUTHORIZED) saying why. */
export interface IdentityProvider {
  readonly kind: 'builtin' | 'clerk';
  authenticate(token: string): Promise<Principal>;
}
