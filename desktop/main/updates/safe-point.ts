import type { StationFacts } from '../../core/updates/station-facts';
import type { WaitReason } from '../../core/updates/update-view';

/**
 * The outbox as the install decision sees it: being written (a local write or a pull page apply
 * is running), empty, holding commands while the server is reachable (they are about to leave),
 * holding them while it is not but checkpointed to the database file, or holding them without
 * that checkpoint.
 */
export type OutboxState = 'writing' | 'empty' | 'pending_online' | 'pending_offline_persisted' | 'pending_unpersisted';

export function outboxState(facts: Pick<StationFacts, 'writing' | 'outboxDepth' | 'online' | 'persisted'>): OutboxState {
  if (facts.writing) return 'writing';
  if (facts.outboxDepth === 0) return 'empty';
  if (!facts.persisted) return 'pending_unpersisted';
  return facts.online ? 'pending_online' : 'pending_offline_persisted';
}

export interface InstallIntent {
  /** The server refuses this version: nothing syncs until the update installs. */
  forced: boolean;
  /** The person pressed "Restart now". */
  personAsked: boolean;
}

export type SafePointVerdict = { safe: true } | { safe: false; waitingFor: WaitReason };

const wait = (waitingFor: WaitReason): SafePointVerdict => ({ safe: false, waitingFor });

/**
 * Whether an update may install now:
 * - never in the middle of a local write or a pull page apply;
 * - not while someone at this station is counting, unless they pressed "Restart now";
 * - with an empty outbox, or a non-empty one checkpointed while the network is down;
 * - while the network is up, a normal update waits for the outbox to reach the server, but a
 *   forced one (the server refuses to sync this version, so it never will) installs with it
 *   checkpointed: the commands are sent by the updated app.
 */
export function safePoint(facts: Pick<StationFacts, 'countInProgress' | 'writing' | 'outboxDepth' | 'online' | 'persisted'>, intent: InstallIntent): SafePointVerdict {
  const outbox = outboxState(facts);
  if (outbox === 'writing') return wait('write_in_progress');
  if (facts.countInProgress && !intent.personAsked) return wait('count_in_progress');
  switch (outbox) {
    case 'empty':
    case 'pending_offline_persisted':
      return { safe: true };
    case 'pending_online':
      return intent.forced ? { safe: true } : wait('outbox_flushing');
    case 'pending_unpersisted':
      // Still online and not forced: it is the flush that is awaited, not the checkpoint.
      return facts.online && !intent.forced ? wait('outbox_flushing') : wait('outbox_not_persisted');
  }
}
