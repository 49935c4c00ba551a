import type { z } from 'zod';

/** A named command with zod-validated args, shared by the desktop (optimistic apply) and the server. */
export interface CommandDefinition<Name extends string, Args extends z.ZodType> {
  name: Name;
  args: Args;
}

export function defineCommand<Name extends string, Args extends z.ZodType>(name: Name, args: Args): CommandDefinition<Name, Args> {
  return { name, args };
}

export type CommandArgs<C> = C extends CommandDefinition<string, infer A> ? z.infer<A> : never;
