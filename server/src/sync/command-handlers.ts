import {
  approveCountSession, cancelCountSession, commands, createCountSession, ErrorCode, recordCountLine, recordMovement,
  requestRecount, startCountSession, submitCountSession, voidCountLine, type CommandArgs, type CommandName,
} from '@capliquify/shared';
import { handleApproveCountSession } from '../domains/counting/approve-count-session.command';
import { handleCancelCountSession } from '../domains/counting/cancel-count-session.command';
import { handleCreateCountSession } from '../domains/counting/create-count-session.command';
import { handleRecordCountLine } from '../domains/counting/record-count-line.command';
import { handleRequestRecount } from '../domains/counting/request-recount.command';
import { handleStartCountSession } from '../domains/counting/start-count-session.command';
import { handleSubmitCountSession } from '../domains/counting/submit-count-session.command';
import { handleVoidCountLine } from '../domains/counting/void-count-line.command';
import { handleRecordMovement, handleRecordMovements } from '../domains/inventory/record-movement.command';
import { CommandRejection } from './command-failure';
import type { BatchCommand, BatchCommandContext, BatchCommandHandler, CommandContext, CommandHandler } from './command-context';

const handlers: { [K in keyof typeof commands]: CommandHandler<CommandArgs<(typeof commands)[K]>> } = {
  [recordMovement.name]: handleRecordMovement,
  [createCountSession.name]: handleCreateCountSession,
  [startCountSession.name]: handleStartCountSession,
  [recordCountLine.name]: handleRecordCountLine,
  [voidCountLine.name]: handleVoidCountLine,
  [submitCountSession.name]: handleSubmitCountSession,
  [requestRecount.name]: handleRequestRecount,
  [approveCountSession.name]: handleApproveCountSession,
  [cancelCountSession.name]: handleCancelCountSession,
};

// Commands that usually come in long runs (a station's offline backlog of scans) and can be
// decided for a whole run in a few round trips; the others apply one by one.
const batchHandlers: { [K in keyof typeof commands]?: BatchCommandHandler<CommandArgs<(typeof commands)[K]>> } = {
  [recordMovement.name]: handleRecordMovements,
};

/** A pushed command whose name is known and whose args passed its shared schema. */
export interface ParsedCommand { name: CommandName; args: unknown }

/** Checks a pushed command's name and parses its args with its shared schema (a ZodError when they do not fit). */
export function parseCommand(name: string, args: unknown): ParsedCommand {
  if (!Object.hasOwn(commands, name)) throw new CommandRejection(ErrorCode.NotFound, `This server does not know the command "${name}".`);
  const key = name as CommandName;
  return { name: key, args: commands[key].args.parse(args) };
}

/** Runs a parsed command's handler; returns the scopes it changed. */
export async function runCommand(ctx: CommandContext, command: ParsedCommand): Promise<string[]> {
  // The table above pairs each name with its handler; indexing by a union loses that pairing.
  return (handlers[command.name] as CommandHandler<unknown>)(ctx, command.args);
}

/** Whether runs of this command can be applied set-wise with `runCommands`. */
export function hasBatchHandler(name: string): boolean {
  return Object.hasOwn(batchHandlers, name);
}

/** Runs a run of parsed commands of one name through its batch handler (see BatchCommandHandler). */
export async function runCommands(ctx: BatchCommandContext, name: CommandName, run: BatchCommand<unknown>[]): Promise<(string[] | CommandRejection)[] | null> {
  const handler = batchHandlers[name] as BatchCommandHandler<unknown> | undefined;
  if (!handler) return null;
  return handler(ctx, run);
}
