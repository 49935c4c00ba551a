import { ErrorCode, type CommandArgs, type recordMovement } from '@capliquify/shared';
import { CommandRejection } from '../../sync/command-failure';
import type { CommandContext } from '../../sync/command-context';
import { postMovement } from './movement.service';

/** Server side of `inventory.recordMovement`: a device records movements at its own site only. */
export async function handleRecordMovement(ctx: CommandContext, args: CommandArgs<typeof recordMovement>): Promise<string[]> {
  if (args.siteId !== ctx.siteId) {
    throw new CommandRejection(ErrorCode.Forbidden, `This device belongs to site ${ctx.siteId} and cannot record movements at site ${args.siteId}.`);
  }
  const result = await postMovement(ctx.trx, ctx.tenantId, args, ctx.scopes);
  return [result.scope];
}
