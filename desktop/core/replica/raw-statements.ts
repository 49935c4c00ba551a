import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { ReplicaDatabase } from './replica.schema';

type Statement = BetterSqlite3.Statement<unknown[]>;
interface Handle { sqlite: BetterSqlite3.Database; statements: Map<string, Statement> }

// Keyed by the Kysely adapter: a `Transaction` shares its root's adapter (Kysely builds the
// transaction's executor from the root's), so the key reaches the connection from either.
const handles = new WeakMap<object, Handle>();

/** Lets the replica's repos reach the better-sqlite3 connection behind `db` (see `rawStatement`). */
export function registerRawSqlite(db: Kysely<ReplicaDatabase>, sqlite: BetterSqlite3.Database): void {
  handles.set(db.getExecutor().adapter, { sqlite, statements: new Map() });
}

/**
 * A prepared better-sqlite3 statement on the connection of `trx`, compiled once per connection.
 * For the bulk writes of a pull page, where building and compiling a Kysely query per chunk costs
 * more than SQLite's own work. Only inside a Kysely transaction: it holds the one connection, so a
 * raw statement cannot slip into some other caller's open transaction between two of its awaits.
 */
export function rawStatement(trx: Transaction<ReplicaDatabase>, sql: string): Statement {
  if (!trx.isTransaction) throw new Error('Raw replica statements run only inside a Kysely transaction');
  const handle = handles.get(trx.getExecutor().adapter);
  if (!handle) throw new Error('This Kysely instance was not opened by openReplica');
  let statement = handle.statements.get(sql);
  if (!statement) {
    statement = handle.sqlite.prepare(sql);
    handle.statements.set(sql, statement);
  }
  return statement;
}
