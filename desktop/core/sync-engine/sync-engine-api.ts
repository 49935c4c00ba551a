import type { SyncEngine } from './sync-engine.service';

/** What the local router may call on the engine (services only, never the database). */
export type SyncEngineApi = Pick<SyncEngine, 'queue' | 'enroll' | 'syncNow' | 'rejections' | 'markRejectionsSeen' | 'exportOutbox' | 'pendingRows' | 'locations'> & {
  status(): ReturnType<SyncEngine['status']['get']>;
};

export function toSyncEngineApi(engine: SyncEngine): SyncEngineApi {
  return {
    status: () => engine.status.get(),
    queue: (name, args) => engine.queue(name, args),
    enroll: (request) => engine.enroll(request),
    syncNow: () => engine.syncNow(),
    rejections: () => engine.rejections(),
    markRejectionsSeen: () => engine.markRejectionsSeen(),
    exportOutbox: () => engine.exportOutbox(),
    pendingRows: () => engine.pendingRows(),
    locations: () => engine.locations(),
  };
}
