import type { CommandArgs, createCountSession } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { createSession } from './count-session.service';

/** Server side of `counting.createSession`: a draft session at the device's own site. */
export async function handleCreateCountSession(ctx: CommandContext, args: CommandArgs<typeof createCountSession>): Promise<string[]> {
  return createSession(ctx, args);
}
