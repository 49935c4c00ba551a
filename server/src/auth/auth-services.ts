import type { Kysely } from 'kysely';
import type { ServerConfig } from '../config';
import type { Database } from '../db/schema';
import { loadSecretBox } from '../security/load-secret-box';
import type { SecretBox } from '../security/secret-box';
import { createAccessTokens, type AccessTokens } from './access-token';
import { accessTokenSecret } from './access-token-secret';

/** What built-in sign-in needs besides the database: token signing, sealing, and a clock tests can set. */
export interface AuthServices {
  db: Kysely<Database>;
  tokens: AccessTokens;
  /** Opened on first use: only TOTP needs it, and on embedded defaults it creates a key file. */
  secretBox(): SecretBox;
  now(): Date;
}

export function createAuthServices(
  db: Kysely<Database>,
  config: Pick<ServerConfig, 'identity' | 'secretKeys' | 'dataDir'>,
  options: { now?: () => Date; secretBox?: SecretBox } = {},
): AuthServices {
  const tokenSecret = config.identity.provider === 'builtin' ? config.identity.tokenSecret : null;
  let box = options.secretBox;
  return {
    db,
    tokens: createAccessTokens(accessTokenSecret(db, tokenSecret)),
    secretBox: () => (box ??= loadSecretBox(config)),
    now: options.now ?? (() => new Date()),
  };
}
