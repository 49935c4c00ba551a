import type { CommandArgs, cancelCountSession } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { cancelSession } from './count-session.service';

/** Server side of `counting.cancelSession`: later scans of the session come back as rejections. */
export async function handleCancelCountSession(ctx: CommandContext, args: CommandArgs<typeof cancelCountSession>): Promise<string[]> {
  return cancelSession(ctx, args);
}
