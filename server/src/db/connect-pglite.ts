import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { StartupError } from '../errors/startup.error';
import { acquireDirLock } from './dir-lock';
import { PGliteDialect } from './pglite.dialect';
import type { Database } from './schema';

export interface PGliteConnection {
  db: Kysely<Database>;
  target: string;
  close(): Promise<void>;
}

/**
 * Opens (creating on first run) the embedded database in `dir`. Only one process may open a PGlite
 * folder at a time, so a lock file turns a second opener into a clear error instead of corruption.
 */
export async function connectPglite(dir: string): Promise<PGliteConnection> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new StartupError(`cannot create the data folder ${dir} (${(error as Error).message}); check CAPLIQUIFY_DATA_DIR`, { cause: error });
  }
  const releaseLock = await acquireDirLock(dir);
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (error) {
    await releaseLock();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StartupError(`cannot open the embedded database in ${dir} (${reason}); check CAPLIQUIFY_DATA_DIR`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    target: dir,
    close: async () => {
      try {
        await db.destroy();
      } finally {
        await releaseLock();
      }
    },
  };
}
