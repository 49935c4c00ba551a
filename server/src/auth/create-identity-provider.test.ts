import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config';
import type { Database } from '../db/schema';
import { createAuthServices } from './auth-services';
import { createIdentityProvider } from './create-identity-provider';

// Choosing a provider touches no database: neither provider reads it before a request.
const db = {} as Kysely<Database>;

describe('createIdentityProvider', () => {
  it('uses built-in accounts by default and Clerk when configured', () => {
    const builtin = loadServerConfig({});
    expect(createIdentityProvider(builtin.identity, createAuthServices(db, builtin)).kind).toBe('builtin');
    const clerk = loadServerConfig({ IDENTITY_PROVIDER: 'clerk', CLERK_ISSUER: 'https://clerk.example.com', CLERK_AUTHORIZED_PARTIES: 'https://app.example.com' });
    expect(createIdentityProvider(clerk.identity, createAuthServices(db, clerk)).kind).toBe('clerk');
  });
});
