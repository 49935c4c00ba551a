import type { CommandArgs, approveCountSession } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { approveSession } from './count-approval.service';

/** Server side of `counting.approveSession`: posts the adjustments to the ledger, once. */
export async function handleApproveCountSession(ctx: CommandContext, args: CommandArgs<typeof approveCountSession>): Promise<string[]> {
  return approveSession(ctx, args);
}
