import type { CommandArgs, recordCountLine } from '@capliquify/shared';
import type { CommandContext } from '../../sync/command-context';
import { recordLine } from './count-line.service';

/** Server side of `counting.recordLine`: the server resolves the barcode again and its item wins. */
export async function handleRecordCountLine(ctx: CommandContext, args: CommandArgs<typeof recordCountLine>): Promise<string[]> {
  return recordLine(ctx, args);
}
