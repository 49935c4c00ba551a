import { ErrorCode, type CommandArgs, type recordMovement } from '@capliquify/shared';
import { CommandRejection } from '../../sync/command-failure';
import type { BatchCommandHandler, CommandContext } from '../../sync/command-context';
import { postMovements } from './movement-batch.service';
import { postMovement } from './movement.service';

type Args = CommandArgs<typeof recordMovement>;

/** Server side of `inventory.recordMovement`: a device records movements at its own site only. */
export async function handleRecordMovement(ctx: CommandContext, args: Args): Promise<string[]> {
  if (args.siteId !== ctx.siteId) throw otherSite(ctx.siteId, args.siteId);
  const result = await postMovement(ctx.trx, ctx.tenantId, args, ctx.scopes);
  return [result.scope];
}

/** `handleRecordMovement` for a run of consecutive movements of one push, posted set-wise (movement-batch.service.ts). */
export const handleRecordMovements: BatchCommandHandler<Args> = async (ctx, commands) => {
  const outcomes: (string[] | CommandRejection)[] = [];
  const inputs: Args[] = [];
  const at: number[] = [];
  for (const [i, { args }] of commands.entries()) {
    if (args.siteId !== ctx.siteId) {
      outcomes[i] = otherSite(ctx.siteId, args.siteId);
    } else {
      inputs.push(args);
      at.push(i);
    }
  }
  const posted = await postMovements(ctx.trx, ctx.tenantId, inputs, ctx.scopes);
  if (posted === null) return null;
  for (const [k, result] of posted.entries()) outcomes[at[k]!] = result instanceof CommandRejection ? result : [result.scope];
  return outcomes;
};

function otherSite(deviceSiteId: string, siteId: string): CommandRejection {
  return new CommandRejection(ErrorCode.Forbidden, `This device belongs to site ${deviceSiteId} and cannot record movements at site ${siteId}.`);
}
