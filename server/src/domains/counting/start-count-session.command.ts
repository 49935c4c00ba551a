import type { CommandArgs, startCountSession } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { startSession } from './count-session.service';

/** Server side of `counting.startSession`: freezes the expected quantities at server time. */
export async function handleStartCountSession(ctx: CommandContext, args: CommandArgs<typeof startCountSession>): Promise<string[]> {
  return startSession(ctx, args);
}
