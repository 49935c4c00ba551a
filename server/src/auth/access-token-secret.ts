import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { secretBytes } from './access-token';
import { ensureServerKey } from './server-keys.repo';

export const ACCESS_TOKEN_KEY_NAME = 'access-token';

/**
 * Where the signing secret comes from: AUTH_TOKEN_SECRET when the operator set one (several
 * installations or a managed secret store), else a random one generated once and kept in
 * `server_keys`, so every API instance on the database signs alike and restarts keep people signed in.
 */
export function accessTokenSecret(db: Kysely<Database>, tokenSecret: string | null): () => Promise<Uint8Array> {
  if (tokenSecret !== null) {
    const bytes = secretBytes(tokenSecret, 'utf8');
    return () => Promise.resolve(bytes);
  }
  return async () => secretBytes(await ensureServerKey(db, ACCESS_TOKEN_KEY_NAME, () => randomBytes(32).toString('base64url')), 'base64url');
}
