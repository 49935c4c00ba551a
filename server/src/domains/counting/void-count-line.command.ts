import type { CommandArgs, voidCountLine } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { voidSessionLine } from './count-line.service';

/** Server side of `counting.voidLine` (undo of a scan). */
export async function handleVoidCountLine(ctx: CommandContext, args: CommandArgs<typeof voidCountLine>): Promise<string[]> {
  return voidSessionLine(ctx, args);
}
