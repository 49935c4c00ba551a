import type { CommandArgs, requestRecount } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { requestSessionRecount } from './count-session.service';

/** Server side of `counting.requestRecount`: back to counting for those rows, by other counters. */
export async function handleRequestRecount(ctx: CommandContext, args: CommandArgs<typeof requestRecount>): Promise<string[]> {
  return requestSessionRecount(ctx, args);
}
