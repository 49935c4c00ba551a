import type { ServerConfig } from '../config';
import { createDatabase, type DatabaseHandle } from '../db/create-database';

/** Opens the configured database for one command and always closes it (PGlite holds a lock). */
export async function withDatabase<T>(config: ServerConfig, run: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await createDatabase(config);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

export function describeDatabase(database: DatabaseHandle): string {
  return database.kind === 'postgres' ? `PostgreSQL ${database.target}` : `PGlite in ${database.target}`;
}
