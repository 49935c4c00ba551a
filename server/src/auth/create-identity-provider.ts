import type { IdentityConfig } from '../config';
import type { AuthServices } from './auth-services';
import { createBuiltinIdentityProvider } from './builtin-identity.provider';
import { createClerkIdentityProvider } from './clerk/clerk-identity.provider';
import type { IdentityProvider } from './principal';

/** The configured provider: built-in accounts (embedded default, self-hosting) or Clerk (production). */
export function createIdentityProvider(identity: IdentityConfig, auth: AuthServices): IdentityProvider {
  if (identity.provider === 'clerk') {
    return createClerkIdentityProvider(auth.db, { issuer: identity.issuer, jwksUrl: identity.jwksUrl, authorizedParties: identity.authorizedParties });
  }
  return createBuiltinIdentityProvider(auth);
}
