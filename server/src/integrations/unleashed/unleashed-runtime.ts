import { loadServerConfigFromProcess } from '../../config';
import type { JobContext } from '../../jobs/job';
import { loadSecretBox } from '../../security/load-secret-box';
import type { SecretBox } from '../../security/secret-box';
import type { ClientTuning } from './unleashed-connection.service';
import type { SyncDeps } from './unleashed-sync.service';

/** What the Unleashed jobs need besides their context: the secret box, and client tuning (tests: a clock, no waiting). */
export interface UnleashedRuntime {
  box(): SecretBox;
  tuning?: ClientTuning;
}

let processBox: SecretBox | undefined;

/**
 * This process's runtime. Job contexts carry no secret box, so it comes from the same
 * configuration the workers' entry read, opened on first use.
 */
export function processUnleashedRuntime(): UnleashedRuntime {
  return { box: () => (processBox ??= loadSecretBox(loadServerConfigFromProcess())) };
}

/** The sync's deps for a job: the context's database and logger, progress stream by stream. */
export function syncDepsFor(ctx: JobContext, runtime: UnleashedRuntime): SyncDeps {
  return {
    db: ctx.db, box: runtime.box(), log: ctx.log, tuning: runtime.tuning,
    onStream: (done, total, stream) => ctx.progress(done / total, stream),
  };
}
