import type { Kysely } from 'kysely';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { exportCountReport, type CountReport, type ExportFormat, type ExportedFile } from '../reports/count-export.service';
import { createCountScanService } from './count-scan.service';
import { createCountSessionService, type CommandQueue } from './count-session.service';

/** Everything the counting screens call: sessions and their commands, scanning, reports. */
export function createCountingService(db: Kysely<ReplicaDatabase>, engine: CommandQueue, clock: { now(): Date }) {
  return {
    ...createCountSessionService(db, engine),
    ...createCountScanService(db, engine, clock),
    export: (sessionId: string, report: CountReport, format: ExportFormat): Promise<ExportedFile> => exportCountReport(db, sessionId, report, format),
  };
}

export type CountingService = ReturnType<typeof createCountingService>;
