import { describeEnrollmentError } from './enrollment-error';
import type { SyncEngine } from './sync-engine.service';

/** What the local router may call on the engine (services only, never the database). */
export type SyncEngineApi = Pick<SyncEngine, 'queue' | 'enroll' | 'syncNow' | 'rejections' | 'markRejectionsSeen' | 'exportOutbox' | 'pendingRows' | 'locations'> & {
  status(): ReturnType<SyncEngine['status']['get']>;
};

/** `serverUrl` names the server in the enrolment screen's errors. */
export function toSyncEngineApi(engine: SyncEngine, serverUrl: string): SyncEngineApi {
  return {
    status: () => engine.status.get(),
    queue: (name, args) => engine.queue(name, args),
    async enroll(request) {
      try {
        return await engine.enroll(request);
      } catch (error) {
        throw describeEnrollmentError(error, serverUrl);
      }
    },
    syncNow: () => engine.syncNow(),
    rejections: () => engine.rejections(),
    markRejectionsSeen: () => engine.markRejectionsSeen(),
    exportOutbox: () => engine.exportOutbox(),
    pendingRows: () => engine.pendingRows(),
    locations: () => engine.locations(),
  };
}
