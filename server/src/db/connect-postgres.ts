import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { StartupError } from '../errors/startup.error';
import { describeConnectionError } from './connection-error';
import { redactUrl } from './redact-url';
import type { Database } from './schema';

const DATE_OID = 1082;

// `date` columns stay 'YYYY-MM-DD' strings: pg would build a Date at local midnight, which shifts
// the day in any timezone west of UTC. int8 and numeric already arrive as strings.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresConnection {
  db: Kysely<Database>;
  target: string;
  close(): Promise<void>;
}

/** Opens a pool on DATABASE_URL and proves it with one round trip, or throws a one-line StartupError. */
export async function connectPostgres(url: string, log?: Logger): Promise<PostgresConnection> {
  const target = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, types, connectionTimeoutMillis: 5_000, max: 10 });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => log?.warn({ err: error }, 'idle PostgreSQL connection failed'));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const { host, port } = new URL(url);
    throw new StartupError(
      `cannot reach PostgreSQL at ${host || 'localhost'}${port ? '' : ':5432'} (${describeConnectionError(error)}); check DATABASE_URL`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, target, close: () => db.destroy() };
}
