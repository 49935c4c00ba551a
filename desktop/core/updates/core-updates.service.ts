import type { Kysely } from 'kysely';
import { MetaKey, getMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { countOutbox } from '../sync-engine/outbox.repo';
import type { SyncEngine } from '../sync-engine/sync-engine.service';
import type { StationFacts } from './station-facts';
import { checkpointWal, countInProgress, oldestPendingAt } from './station-activity.repo';
import { NOT_APPLICABLE, type UpdateView } from './update-view';

/** What the core tells Electron main without being asked. */
export type CoreNotice = 'update_required' | 'install_requested';

/** The core's side of updating: facts for main's policy, quiescing, and the banner's state. */
export interface CoreUpdates {
  facts(): Promise<StationFacts>;
  /** Holds new writes, waits up to `timeoutMs` for the one in flight, checkpoints the WAL; writes stay held until `resume`. */
  quiesce(timeoutMs: number): Promise<StationFacts>;
  resume(): void;
  /** What the update banner shows: main's last word, `not_applicable` until it speaks (always, in the browser host). */
  view(): UpdateView;
  setView(view: UpdateView): void;
  /** The person asked to restart now; false when there is no update ready to install. */
  requestInstall(): boolean;
  onNotice(listener: (notice: CoreNotice) => void): () => void;
  close(): void;
}

export interface CoreUpdatesDeps {
  db: Kysely<ReplicaDatabase>;
  engine: Pick<SyncEngine, 'status' | 'quiesce' | 'resume' | 'writesInFlight'>;
  credential(): string | null;
  clock: { now(): Date };
  /** A count line this recent means someone is mid-count (10 minutes by default). */
  countActivityMs?: number;
}

export function createCoreUpdates({ db, engine, credential, clock, countActivityMs = 10 * 60_000 }: CoreUpdatesDeps): CoreUpdates {
  let view: UpdateView = NOT_APPLICABLE;
  const listeners = new Set<(notice: CoreNotice) => void>();
  const notify = (notice: CoreNotice) => {
    for (const listener of listeners) listener(notice);
  };
  let required = engine.status.get().appUpdateRequired;
  const unwatch = engine.status.subscribe((status) => {
    if (status.appUpdateRequired && !required) notify('update_required');
    required = status.appUpdateRequired;
  });

  const facts = async (writing: boolean, persisted: boolean): Promise<StationFacts> => {
    const status = engine.status.get();
    const deviceId = await getMeta(db, MetaKey.DeviceId);
    const since = new Date(clock.now().getTime() - countActivityMs).toISOString();
    return {
      countInProgress: deviceId !== null && await countInProgress(db, deviceId, since),
      outboxDepth: await countOutbox(db),
      oldestPendingAt: await oldestPendingAt(db),
      online: status.connection !== 'offline',
      writing,
      persisted,
      appUpdateRequired: status.appUpdateRequired,
      deviceCredential: credential(),
    };
  };

  return {
    facts: () => facts(engine.writesInFlight() > 0, false),
    async quiesce(timeoutMs) {
      const drained = await engine.quiesce(timeoutMs);
      return facts(!drained, drained && await checkpointWal(db));
    },
    resume: () => engine.resume(),
    view: () => view,
    setView(next) {
      view = next;
    },
    requestInstall() {
      if (view.state !== 'ready') return false;
      notify('install_requested');
      return true;
    },
    onNotice(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      unwatch();
      listeners.clear();
    },
  };
}
