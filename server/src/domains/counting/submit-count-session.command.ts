import type { CommandArgs, submitCountSession } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { submitSession } from './count-session.service';

/** Server side of `counting.submitSession`. */
export async function handleSubmitCountSession(ctx: CommandContext, args: CommandArgs<typeof submitCountSession>): Promise<string[]> {
  return submitSession(ctx, args);
}
