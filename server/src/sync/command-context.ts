import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { CommandRejection } from './command-failure';
import type { ScopeWriter } from './replication.service';

/** What a server command handler runs with: the push's transaction and the calling device. */
export interface CommandContext {
  trx: Transaction<Database>;
  tenantId: string;
  deviceId: string;
  siteId: string;
  mutationId: number;
  /** The signed-in person who made the command, already checked (command-actor.service.ts). */
  actorUserId: string;
  /** Scope versions and replicated rows for the whole push batch: write replicated rows through it. */
  scopes: ScopeWriter;
}

/** A command's server side: applies the parsed args and returns the scopes it changed. */
export type CommandHandler<Args> = (ctx: CommandContext, args: Args) => Promise<string[]>;

/** What a batch handler runs with: the push's context without the per-command fields. */
export type BatchCommandContext = Omit<CommandContext, 'mutationId' | 'actorUserId'>;

/** One command of a run handed to a batch handler: parsed, its actor already checked. */
export interface BatchCommand<Args> { mutationId: number; actorUserId: string; args: Args }

/**
 * A command's server side for a run of consecutive commands of its name, applied set-wise. Must
 * decide each command exactly as the one-by-one handler would after the ones before it: per command
 * the scopes it changed or the CommandRejection that refuses it (and wrote nothing). Returns null,
 * having written nothing, when the run must go one by one; throws (the caller rolls back to its
 * savepoint and applies them one by one) when the database refuses what it planned.
 */
export type BatchCommandHandler<Args> = (ctx: BatchCommandContext, commands: BatchCommand<Args>[]) => Promise<(string[] | CommandRejection)[] | null>;
