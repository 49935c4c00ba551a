import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config';
import { StartupError } from '../errors/startup.error';
import { createSecretBox, type SecretBox } from './secret-box';

export const LOCAL_KEY_FILE = 'secrets.key';
export const LOCAL_KEY_ID = 'local';
const KEY_BYTES = 32;

/**
 * The secret box for this server: the SECRETS_KEYS of the configuration when set, otherwise (embedded
 * defaults) a key file `<dataDir>/secrets.key`, created once with mode 0600. Synchronous so it can
 * run anywhere during start-up. Losing that file loses every sealed secret: back it up with the data.
 */
export function loadSecretBox(config: Pick<ServerConfig, 'secretKeys' | 'dataDir'>): SecretBox {
  if (config.secretKeys) return createSecretBox(config.secretKeys);
  return createSecretBox([{ id: LOCAL_KEY_ID, key: readOrCreateKeyFile(path.join(config.dataDir, LOCAL_KEY_FILE)) }]);
}

function readOrCreateKeyFile(file: string): Buffer {
  try {
    return checked(file, readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside then hard-linked into place: link refuses an existing name, so two processes
  // starting at once agree on one key and nobody ever reads a half-written file.
  const pending = `${file}.${process.pid}.tmp`;
  rmSync(pending, { force: true });
  writeFileSync(pending, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(pending, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(pending, { force: true });
  }
  return checked(file, readFileSync(file));
}

function checked(file: string, key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) {
    throw new StartupError(`the secret key file ${file} must hold exactly ${KEY_BYTES} bytes (it has ${key.length}); restore it from a backup or set SECRETS_KEYS`);
  }
  return key;
}
