import {
  approveCountSession, cancelCountSession, commands, createCountSession, ErrorCode, recordCountLine, recordMovement,
  requestRecount, startCountSession, submitCountSession, voidCountLine, type CommandArgs,
} from '@capliquify/shared';
import { handleApproveCountSession } from '../domains/counting/approve-count-session.command';
import { handleCancelCountSession } from '../domains/counting/cancel-count-session.command';
import { handleCreateCountSession } from '../domains/counting/create-count-session.command';
import { handleRecordCountLine } from '../domains/counting/record-count-line.command';
import { handleRequestRecount } from '../domains/counting/request-recount.command';
import { handleStartCountSession } from '../domains/counting/start-count-session.command';
import { handleSubmitCountSession } from '../domains/counting/submit-count-session.command';
import { handleVoidCountLine } from '../domains/counting/void-count-line.command';
import { handleRecordMovement } from '../domains/inventory/record-movement.command';
import { CommandRejection } from './command-failure';
import type { CommandContext, CommandHandler } from './command-context';

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

/** Parses a pushed command's args with its shared schema and runs its handler; returns the scopes it changed. */
export async function runCommand(ctx: CommandContext, name: string, args: unknown): Promise<string[]> {
  if (!Object.hasOwn(commands, name)) throw new CommandRejection(ErrorCode.NotFound, `This server does not know the command "${name}".`);
  const key = name as keyof typeof commands;
  const parsed: unknown = commands[key].args.parse(args);
  // The table above pairs each name with its handler; indexing by a union loses that pairing.
  return (handlers[key] as CommandHandler<unknown>)(ctx, parsed);
}
