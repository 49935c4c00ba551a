import type { Kysely } from 'kysely';
import type { DeviceHealth, JobEvent } from '@capliquify/shared';
import type { Logger } from 'pino';
import { HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, DEVICE_AUTH_SCHEME } from '@capliquify/shared';
import { createDiagnosticsUploader } from '../diagnostics/diagnostics-uploader';
import type { ReplicaDatabase } from '../replica/replica.schema';
import type { SignInTransport } from '../session/sign-in-answer';
import { enableDurableWrites } from './confirmed-rows.repo';
import { loadCredentials } from './device-credentials';
import { startLiveEvents, type LiveEvents } from './live-events.client';
import type { ServerClock } from './server-clock';
import { createSyncEngine, type SyncEngine } from './sync-engine.service';
import type { Backoff, SyncEngineStatus } from './sync-engine-status';
import { createSyncTransport, type PersonCalls } from './sync-transport';

export interface SyncEngineRuntime {
  engine: SyncEngine;
  /** The server's `auth.signIn` over the same transport, so sign-ins carry the device credential. */
  auth: SignInTransport & PersonCalls;
  /** The device credential (null before enrolment): update checks carry it so the server picks the release. */
  credential(): string | null;
  /** Starts the push/pull loop and the live event stream. */
  start(): void;
  stop(): Promise<void>;
}

export interface SyncEngineRuntimeOptions {
  db: Kysely<ReplicaDatabase>;
  serverUrl: string;
  logger: Logger;
  backoff?: Backoff;
  pullLimit?: number;
  /** Enrols the station at start if it holds no credential yet (the demo's own browser host). */
  enrollWith?: { code: string; name: string };
  /** Learns the server's clock from the `date` header of every sync answer. */
  clock?: Pick<ServerClock, 'observe' | 'localNow'>;
  /** Told the progress of the tenant's background jobs (imports, syncs) as the live stream reports it. */
  onJob?: (event: JobEvent) => void;
  /** The health report sent with every pull. */
  health?: (status: SyncEngineStatus) => Promise<DeviceHealth>;
  /** Sent with every call (the fleet screen's view of what this device runs). */
  appVersion?: string;
  /** Makes the diagnostic bundle an admin asked for; it is uploaded with the sync whose pull asked. */
  diagnosticsBundle?: (requestId: string, status: SyncEngineStatus) => Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** Wires the engine for a real server: durable writes, the HTTP transport and the `/events` stream. */
export async function startSyncEngineRuntime(options: SyncEngineRuntimeOptions): Promise<SyncEngineRuntime> {
  const { db, serverUrl, logger, backoff, pullLimit, enrollWith, clock, onJob, health, appVersion, diagnosticsBundle } = options;
  await enableDurableWrites(db);
  const credentials = await loadCredentials(db);
  const transport = createSyncTransport({ serverUrl, credential: credentials.get, clock, appVersion });
  const diagnostics = diagnosticsBundle && createDiagnosticsUploader({ upload: transport.uploadDiagnostics, logger, bundle: diagnosticsBundle });
  const engine = await createSyncEngine({ db, transport, credentials, logger, backoff, pullLimit, health, diagnostics });
  if (enrollWith && credentials.get() === null) {
    await engine.enroll(enrollWith).catch((error: unknown) => logger.error({ err: error }, 'enrolling this station failed'));
  }
  let live: LiveEvents | null = null;
  return {
    engine,
    auth: transport,
    credential: credentials.get,
    start() {
      engine.start();
      live ??= startLiveEvents({
        url: `${serverUrl}/events`,
        headers: () => {
          const token = credentials.get();
          return {
            [HEADER_PROTOCOL_VERSION]: String(PROTOCOL_VERSION),
            [HEADER_SCHEMA_VERSION]: String(SCHEMA_VERSION),
            ...(token ? { authorization: `${DEVICE_AUTH_SCHEME} ${token}` } : {}),
          };
        },
        onPoke: () => engine.poked(),
        onJob,
        onConnectionChange: (connected) => engine.setLive(connected),
        logger,
        backoff,
      });
    },
    async stop() {
      live?.stop();
      await engine.stop();
    },
  };
}
