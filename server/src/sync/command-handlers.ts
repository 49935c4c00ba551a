import { commands, ErrorCode, recordMovement, type CommandArgs } from '@capliquify/shared';
import { handleRecordMovement } from '../domains/inventory/record-movement.command';
import { CommandRejection } from './command-failure';
import type { CommandContext, CommandHandler } from './command-context';

const handlers: { [K in keyof typeof commands]: CommandHandler<CommandArgs<(typeof commands)[K]>> } = {
  [recordMovement.name]: handleRecordMovement,
};

/** Parses a pushed command's args with its shared schema and runs its handler; returns the scopes it changed. */
export async function runCommand(ctx: CommandContext, name: string, args: unknown): Promise<string[]> {
  if (!Object.hasOwn(commands, name)) throw new CommandRejection(ErrorCode.NotFound, `This server does not know the command "${name}".`);
  const key = name as keyof typeof commands;
  const parsed = commands[key].args.parse(args);
  return handlers[key](ctx, parsed);
}
