import type { PushedCommand } from '@capliquify/shared';
import type { OutboxCommand } from './outbox.repo';

/** Commands for one push and the size of their request body in bytes. */
export interface PushBatch { commands: PushedCommand[]; bytes: number }

// `{"commands":[` … `]}` around the commands.
const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ commands: [] }));

/** A queued command as the push sends it (no `actor` key for an old command queued without one). */
export function toPushedCommand(c: OutboxCommand): PushedCommand {
  return { mutationId: c.mutationId, name: c.name, args: c.args, createdAt: c.createdAt, ...(c.actor ? { actor: c.actor } : {}) };
}

/**
 * The oldest commands whose push body stays within `budgetBytes`, as JSON-encoded on the wire;
 * always at least one, so a command larger than the budget is still tried alone (and refused by
 * the server only if it really is too large).
 */
export function takeWithinBytes(queued: readonly OutboxCommand[], budgetBytes: number): PushBatch {
  const commands: PushedCommand[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const c of queued) {
    const command = toPushedCommand(c);
    const size = Buffer.byteLength(JSON.stringify(command)) + (commands.length > 0 ? 1 : 0);
    if (commands.length > 0 && bytes + size > budgetBytes) break;
    commands.push(command);
    bytes += size;
  }
  return { commands, bytes };
}
