import type { CoreToParentMessage, ParentToCoreMessage } from '../../core/entry/core-host-protocol';
import type { CoreNotice } from '../../core/updates/core-updates.service';
import type { StationFacts } from '../../core/updates/station-facts';
import type { UpdateView } from '../../core/updates/update-view';

/** What the updater asks of the core (in its utility process). */
export interface CoreLink {
  facts(): Promise<StationFacts>;
  /** Holds the core's writes and answers the facts once the one in flight ended (or `timeoutMs` passed). */
  quiesce(timeoutMs: number): Promise<StationFacts>;
  resume(): void;
  /** Hands the banner's state to the core (again after a core restart: `republish`). */
  publish(view: UpdateView): void;
}

export interface CoreLinkChannel extends CoreLink {
  /** Feed every message from the core here; returns true when it was one of the updater's. */
  receive(message: unknown): boolean;
  /** Sends the last published view again (a restarted core starts with none). */
  republish(): void;
  onNotice(listener: (notice: CoreNotice) => void): void;
}

/**
 * Request and answer over the core process's messages, matched by id. A request the core does
 * not answer within `timeoutMs` (it crashed, or is restarting) fails rather than hanging the updater.
 */
export function createCoreLink(send: (message: ParentToCoreMessage) => boolean, timeoutMs = 15_000): CoreLinkChannel {
  let nextId = 1;
  let lastView: UpdateView | null = null;
  const pending = new Map<number, { resolve(facts: StationFacts): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  const noticeListeners: Array<(notice: CoreNotice) => void> = [];

  const request = (make: (id: number) => ParentToCoreMessage, waitMs: number) => new Promise<StationFacts>((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('The local database process did not answer.'));
    }, waitMs);
    pending.set(id, { resolve, reject, timer });
    if (!send(make(id))) {
      clearTimeout(timer);
      pending.delete(id);
      reject(new Error('The local database process is not running.'));
    }
  });

  return {
    facts: () => request((id) => ({ type: 'capliquify:station-facts', id }), timeoutMs),
    quiesce: (quiesceMs) => request((id) => ({ type: 'capliquify:quiesce', id, timeoutMs: quiesceMs }), timeoutMs + quiesceMs),
    resume: () => void send({ type: 'capliquify:resume' }),
    publish(view) {
      lastView = view;
      send({ type: 'capliquify:update-view', view });
    },
    republish() {
      if (lastView) send({ type: 'capliquify:update-view', view: lastView });
    },
    onNotice(listener) {
      noticeListeners.push(listener);
    },
    receive(data) {
      const message = data as Partial<CoreToParentMessage> | null;
      if (message?.type === 'capliquify:notice') {
        if (message.notice === 'update_required' || message.notice === 'install_requested') for (const listener of noticeListeners) listener(message.notice);
        return true;
      }
      if (message?.type !== 'capliquify:station-facts' || typeof message.id !== 'number') return false;
      const waiting = pending.get(message.id);
      if (!waiting) return true;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if ('facts' in message && message.facts) waiting.resolve(message.facts);
      else waiting.reject(new Error('error' in message && typeof message.error === 'string' ? message.error : 'The local database process sent no facts.'));
      return true;
    },
  };
}
