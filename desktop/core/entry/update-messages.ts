import type { CoreUpdates } from '../updates/core-updates.service';
import type { CoreToParentMessage, ParentToCoreMessage } from './core-host-protocol';

export type UpdateMessage = Exclude<ParentToCoreMessage, { type: 'capliquify:connect' | 'capliquify:shutdown' }>;

/**
 * Answers the updater's messages from main. Before the replica is open (or once it is closing)
 * a facts request gets an error at once rather than main waiting for its timeout.
 */
export function answerUpdateMessage(message: UpdateMessage, updates: CoreUpdates | null, send: (message: CoreToParentMessage) => void): void {
  switch (message.type) {
    case 'capliquify:update-view':
      updates?.setView(message.view);
      return;
    case 'capliquify:resume':
      updates?.resume();
      return;
    case 'capliquify:station-facts':
    case 'capliquify:quiesce': {
      const { id } = message;
      if (updates === null) {
        send({ type: 'capliquify:station-facts', id, error: 'The local database is not open.' });
        return;
      }
      const facts = message.type === 'capliquify:quiesce' ? updates.quiesce(message.timeoutMs) : updates.facts();
      facts.then(
        (answer) => send({ type: 'capliquify:station-facts', id, facts: answer }),
        (error: unknown) => send({ type: 'capliquify:station-facts', id, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }
}
