import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { connectPglite } from './connect-pglite';
import { connectPostgres } from './connect-postgres';
import type { Database } from './schema';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, safe to print: the URL without its password, or the PGlite folder. */
  target: string;
  /** One round trip; rejects when the database is unreachable. */
  ping(): Promise<void>;
  /** Ends the pool or closes PGlite; safe to call twice. */
  close(): Promise<void>;
}

/**
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite in `<dataDir>/pglite`. A database that
 * cannot be reached or opened becomes a StartupError with a one-line message.
 */
export async function createDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'pgliteDir'>,
  options: { logger?: Logger } = {},
): Promise<DatabaseHandle> {
  const kind: DatabaseKind = config.databaseUrl ? 'postgres' : 'pglite';
  const connection = config.databaseUrl
    ? await connectPostgres(config.databaseUrl, options.logger)
    : await connectPglite(config.pgliteDir);
  let closing: Promise<void> | undefined;
  return {
    db: connection.db,
    kind,
    target: connection.target,
    ping: async () => {
      await sql`select 1`.execute(connection.db);
    },
    close: () => (closing ??= connection.close()),
  };
}
