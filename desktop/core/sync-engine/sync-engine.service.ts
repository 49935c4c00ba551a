import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DeviceHealth, EnrollRequest, EnrollResponse } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { countCatalogRows } from '../replica/catalog.repo';
import type { CredentialCell } from './device-credentials';
import { exportOutbox, queueCommand, type OutboxExport, type QueuedCommand } from './local-commands.service';
import {
  SyncMetaKey, countOutbox, countUnseenRejections, getAckedMutationId, getSyncMeta, lastQueuedMutationId, listOutbox, listPendingTouched,
  listRejections, markRejectionsSeen, raiseAckedMutationId, setSyncMeta, storeRejections, type StoredRejection,
} from './outbox.repo';
import { pullAllPages } from './pull-pages.service';
import { takeWithinBytes, type PushBatch } from './push-batch';
import { StalePullError } from './rebase.service';
import { backoffDelay, createStatusCell, type Backoff, type StatusCell, type SyncEngineStatus } from './sync-engine-status';
import { listLocations, type LocationChoice } from './typed-rows.repo';
import { SyncTransportError, classifySyncError, type SyncTransport } from './sync-transport';
import { createWriteGate } from './write-gate';

export interface SyncEngineOptions {
  db: Kysely<ReplicaDatabase>;
  transport: SyncTransport;
  credentials: CredentialCell;
  logger: Logger;
  backoff?: Backoff;
  /** How often an idle, healthy engine pulls anyway (covers a lost event stream). */
  pollMs?: number;
  /** Most commands in one push (the protocol allows 500). */
  pushBatchSize?: number;
  /**
   * Most bytes of JSON in one push body, well under the server's request limit (5 MB by default).
   * A 413 all the same halves the budget until a push fits.
   */
  pushBatchBytes?: number;
  pullLimit?: number;
  /** A poke reaches every station at once; each waits up to this long so they do not all pull in the same millisecond. */
  pokeJitterMs?: number;
  random?: () => number;
  now?: () => Date;
  /** The station's health report sent with every pull (fleet screen); none when not given or when it fails. */
  health?: (status: SyncEngineStatus) => Promise<DeviceHealth>;
  /** Sends the diagnostic bundle a pull answer asked for, after that sync; its failure never fails the sync. */
  diagnostics?: (requestId: string, status: SyncEngineStatus) => Promise<unknown>;
}

export interface SyncEngine {
  status: StatusCell<SyncEngineStatus>;
  /** Starts the loop: sync now, then on pokes, local writes, polls and retries. */
  start(): void;
  /** Runs a full push+pull now (or joins the one running), even after a stop for update/revocation. */
  syncNow(): Promise<SyncEngineStatus>;
  /** A hint that the server has news, or local work to push: syncs as soon as possible. */
  requestSync(): void;
  /** The server's live stream says our scopes changed: syncs after a random 0–`pokeJitterMs` pause. */
  poked(): void;
  queue(name: string, args: unknown): Promise<QueuedCommand>;
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  rejections(): Promise<StoredRejection[]>;
  markRejectionsSeen(): Promise<void>;
  exportOutbox(): Promise<OutboxExport>;
  /** Replicated rows a pending command changed (shown as "pending" until confirmed). */
  pendingRows(): Promise<{ entity: string; id: string }[]>;
  locations(): Promise<LocationChoice[]>;
  setLive(connected: boolean): void;
  /** Holds new local writes and pull page applies (until `resume`, or failing at `stop`); true once none is in flight. */
  quiesce(timeoutMs: number): Promise<boolean>;
  resume(): void;
  /** Local writes and pull page applies running now. */
  writesInFlight(): number;
  stop(): Promise<void>;
}

/** Outcomes after which only a person (update, re-enrol, export) can make syncing work again. */
const HALTING = new Set(['update_required', 'revoked', 'unauthorized', 'too_large']);
/** Push failures from a server that is there and still takes this station's pulls. */
const PULL_DESPITE = new Set(['transient', 'too_large']);

/**
 * The push/pull loop. Push and pull never overlap: a pull starts after the push it follows was
 * answered, and a pull answered as of an older command than one already acknowledged is thrown
 * away (PowerSync's checkpoint rule), so the screen never goes back in time.
 */
export async function createSyncEngine(options: SyncEngineOptions): Promise<SyncEngine> {
  const { db, transport, credentials, logger, backoff = { initialMs: 1000, maxMs: 60_000 }, pollMs = 30_000 } = options;
  const { pushBatchSize = 500, pushBatchBytes = 1024 * 1024, pullLimit = 5000, pokeJitterMs = 50, random = Math.random, now = () => new Date() } = options;
  const status = createStatusCell<SyncEngineStatus>({
    connection: 'offline', lastSyncAt: await getSyncMeta(db, SyncMetaKey.LastSyncAt), lastError: null,
    counts: await countCatalogRows(db), nextRetryAt: null, enrolled: credentials.get() !== null,
    pendingCount: 0, confirmedMutationId: 0, unseenRejections: 0, updateRequired: false, appUpdateRequired: false, revoked: false, live: false,
  });
  const gate = createWriteGate();
  let quiesced = false;
  let running: Promise<SyncEngineStatus> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let pokeTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let halted = false;
  let stopped = true;
  // Shrinks for the engine's lifetime when the server refuses a push as too large.
  let pushBudgetBytes = pushBatchBytes;

  const refreshCounts = async () => {
    const [pendingCount, unseenRejections, acked, oldest] = [await countOutbox(db), await countUnseenRejections(db), await getAckedMutationId(db), await listOutbox(db, { limit: 1 })];
    const first = oldest[0]?.mutationId;
    status.update({ pendingCount, unseenRejections, confirmedMutationId: first === undefined ? acked : Math.min(acked, first - 1) });
  };

  const arm = (delayMs: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
    timer.unref();
    return new Date(now().getTime() + delayMs).toISOString();
  };

  /** Sends one batch; a 413 halves the byte budget (the caller retries), down to a single command. */
  const pushBatch = async (batch: PushBatch) => {
    try {
      return await transport.push({ commands: batch.commands });
    } catch (error) {
      const failure = classifySyncError(error);
      if (failure.kind !== 'too_large') throw failure;
      const [only] = batch.commands;
      if (batch.commands.length === 1 && only) {
        throw new SyncTransportError('too_large', `Command #${only.mutationId} (${only.name}, queued ${only.createdAt}) is larger than the sync server accepts (${batch.bytes} bytes). `
          + 'It stays queued with everything after it: export the unsent work and contact support.', failure.code, { cause: failure });
      }
      pushBudgetBytes = Math.floor(batch.bytes / 2);
      logger.info({ bytes: batch.bytes, commands: batch.commands.length, budget: pushBudgetBytes }, 'the server refused a push as too large; sending smaller batches');
      return null;
    }
  };

  const pushAll = async () => {
    // Only what was queued before this push began: a station scanning faster than a round trip
    // would otherwise keep pushing and never pull. Later commands go in the next cycle.
    const upTo = await lastQueuedMutationId(db);
    for (;;) {
      const queued = await listOutbox(db, { afterId: await getAckedMutationId(db), limit: pushBatchSize });
      const batch = takeWithinBytes(queued.filter((c) => c.mutationId <= upTo), pushBudgetBytes);
      const last = batch.commands.at(-1);
      if (!last) return;
      const answer = await pushBatch(batch);
      if (!answer) continue;
      await gate.run(() => db.transaction().execute(async (trx) => {
        await storeRejections(trx, answer.rejections, now().toISOString());
        await raiseAckedMutationId(trx, answer.lastMutationId);
      }));
      if (answer.rejections.length > 0) logger.warn({ rejections: answer.rejections }, 'the server rejected commands');
      if (answer.lastMutationId < last.mutationId) {
        throw new SyncTransportError('transient', `The server stopped after command ${answer.lastMutationId} of ${last.mutationId}; the rest will be retried.`);
      }
    }
  };

  /** `lastError`: the error the health report tells when it is newer than the status (a push just refused). */
  const pullAll = async (lastError?: string) => {
    // Counting the catalog tables scans them: during a long bootstrap, at most once a second.
    let countedAt = performance.now();
    const countAgain = async () => {
      if (performance.now() - countedAt < 1000) return;
      status.update({ counts: await countCatalogRows(db) });
      countedAt = performance.now();
    };
    let diagnosticsRequested: string | null = null;
    await pullAllPages({
      db, transport, limit: pullLimit, onPageApplied: countAgain, guard: gate.run, health: await healthReport(lastError) ?? undefined,
      onDiagnosticsRequested: (requestId) => { diagnosticsRequested = requestId; },
    });
    status.update({ counts: await countCatalogRows(db) });
    await refreshCounts();
    // Assigned in the callback: the compiler's narrowing cannot see it.
    return diagnosticsRequested as string | null;
  };

  // An admin asked for this station's recent logs: they go with this sync, and a failure is only logged (the server asks again).
  const sendDiagnostics = async (requestId: string) => {
    await options.diagnostics?.(requestId, status.get()).catch((error: unknown) => void logger.warn({ err: error, requestId }, 'could not send the diagnostic bundle'));
  };

  // The report is for the fleet screen: never a reason to stop syncing.
  const healthReport = async (lastError?: string) => options.health?.(lastError === undefined ? status.get() : { ...status.get(), lastError })
    .catch((error: unknown) => void logger.warn({ err: error }, 'could not collect the health report'));

  /**
   * Pushes; when the server is there but refuses the push (down a moment, a command too large),
   * still pulls once, so the station's health (its stuck outbox, the error) and any diagnostic
   * bundle reach the fleet screen: otherwise a station that cannot push would never report.
   * The push's failure then goes on as it would have.
   */
  const pushWithHealth = async () => {
    try {
      await pushAll();
    } catch (error) {
      const failure = classifySyncError(error);
      if (!PULL_DESPITE.has(failure.kind)) throw error;
      const diagnosticsRequested = await pullAll(failure.message).catch((pullError: unknown) => void logger.debug({ err: pullError }, 'the pull after a refused push failed too'));
      if (diagnosticsRequested) await sendDiagnostics(diagnosticsRequested);
      throw error;
    }
  };

  const cycle = async () => {
    if (credentials.get() === null) {
      status.update({ enrolled: false, connection: 'offline', lastError: 'This station is not enrolled yet: enter the one-time code an administrator gives you.' });
      return;
    }
    status.update({ enrolled: true, connection: 'syncing', nextRetryAt: null });
    try {
      await pushWithHealth();
      const diagnosticsRequested = await pullAll();
      failures = 0;
      halted = false;
      const lastSyncAt = now().toISOString();
      await setSyncMeta(db, SyncMetaKey.LastSyncAt, lastSyncAt);
      status.update({ connection: 'online', lastSyncAt, lastError: null, updateRequired: false, appUpdateRequired: false, revoked: false, nextRetryAt: stopped ? null : arm(pollMs) });
      if (diagnosticsRequested) await sendDiagnostics(diagnosticsRequested);
    } catch (error) {
      const failure = error instanceof StalePullError ? new SyncTransportError('transient', error.message) : classifySyncError(error);
      failures += 1;
      logger[failures === 1 ? 'warn' : 'debug']({ err: error, failures, kind: failure.kind }, failure.message);
      if (failure.kind === 'update_required' && failure.outdated === 'server') {
        // Only the server's operator can fix this; retry at the backoff's pace so syncing resumes by itself.
        status.update({
          connection: 'online', updateRequired: true, appUpdateRequired: false, revoked: false,
          lastError: `${failure.message} Syncing resumes by itself then; your unsent work is kept.`,
          nextRetryAt: stopped ? null : arm(backoffDelay(failures, backoff, random)),
        });
      } else if (HALTING.has(failure.kind)) {
        halted = true;
        if (timer) clearTimeout(timer);
        status.update({
          connection: 'online', nextRetryAt: null, updateRequired: failure.kind === 'update_required', revoked: failure.kind === 'revoked',
          // Only an app update makes syncing work again: the updater checks for one at once.
          appUpdateRequired: failure.kind === 'update_required',
          lastError: failure.kind === 'update_required' ? `Update required: ${failure.message} Your unsent work is kept.`
            : failure.kind === 'revoked' || failure.kind === 'too_large' ? failure.message
              : 'The server did not accept this station’s credential. Enrol it again; unsent work is kept.',
        });
      } else {
        status.update({
          connection: failure.kind === 'unreachable' ? 'offline' : 'online',
          lastError: failure.message,
          nextRetryAt: stopped ? null : arm(backoffDelay(failures, backoff, random)),
        });
      }
    } finally {
      await refreshCounts();
    }
  };

  const run = (): Promise<SyncEngineStatus> => {
    if (running) {
      again = true;
      return running;
    }
    if (timer) clearTimeout(timer);
    running = (async () => {
      try {
        do {
          again = false;
          await cycle();
        } while (again && !halted);
      } finally {
        running = null;
      }
      return status.get();
    })();
    return running;
  };

  const requestSync = () => {
    if (!stopped && !halted) void run();
  };

  await refreshCounts();
  return {
    status,
    start() {
      stopped = false;
      void run();
    },
    syncNow: () => run(),
    requestSync,
    poked() {
      // Pokes arriving during the pause are served by the one pull it ends with.
      if (pokeTimer || stopped || halted) return;
      pokeTimer = setTimeout(() => {
        pokeTimer = null;
        requestSync();
      }, Math.floor(random() * pokeJitterMs));
      pokeTimer.unref();
    },
    async queue(name, args) {
      const queued = await gate.run(() => queueCommand(db, name, args, now()));
      await refreshCounts();
      status.update({ counts: await countCatalogRows(db) });
      // While a retry is pending the network is known bad: let the backoff timer decide.
      if (failures === 0) requestSync();
      return queued;
    },
    async enroll(request) {
      const answer = await transport.enroll(request);
      await db.transaction().execute(async (trx) => {
        await setSyncMeta(trx, SyncMetaKey.DeviceId, answer.deviceId);
        await setSyncMeta(trx, SyncMetaKey.Credential, answer.credential);
      });
      credentials.set(answer.credential);
      status.update({ enrolled: true, revoked: false, lastError: null });
      halted = false;
      requestSync();
      return answer;
    },
    rejections: () => listRejections(db),
    async markRejectionsSeen() {
      await markRejectionsSeen(db);
      await refreshCounts();
    },
    async exportOutbox() {
      return exportOutbox(db, await getSyncMeta(db, SyncMetaKey.DeviceId), now());
    },
    pendingRows: () => listPendingTouched(db),
    locations: () => listLocations(db),
    setLive(connected) {
      if (status.get().live !== connected) status.update({ live: connected });
    },
    quiesce(timeoutMs) {
      quiesced = true;
      return gate.quiesce(timeoutMs);
    },
    resume() {
      quiesced = false;
      gate.resume();
    },
    writesInFlight: () => gate.inFlight(),
    async stop() {
      stopped = true;
      // Stopping while quiesced is the quit that installs an update: held writes give up instead of waiting forever.
      if (quiesced) gate.close();
      if (timer) clearTimeout(timer);
      if (pokeTimer) clearTimeout(pokeTimer);
      pokeTimer = null;
      await running;
    },
  };
}
