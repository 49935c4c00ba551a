import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
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
