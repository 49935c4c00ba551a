import type { Kysely } from 'kysely';
import { insertFixture } from '../../../../../test/fixture';
import { silentLogger } from '../../../../../test/logs';
import type { Database } from '../../../../db/schema';
import type { JobContext, JobDefinition } from '../../../../jobs/job';
import { refreshFinanceScope } from '../../finance-scope.service';
import { insertFinanceFixture, REFRESHED_AT } from '../../test/finance-fixture';
import type { ReportRuntime } from '../report-run.service';
import type { ReportScheduleInput } from '../report-schedule.schema';
import type { SmtpTestServer } from './smtp-test-server';

// What the scheduled-report tests share: the finance fixture's books replicated to the finance
// scope, an SMTP server on loopback to mail through, and a job context.

export const SMTP_USER = 'reports@capliquify.test';
export const SMTP_PASSWORD = 'smtp p@ssword';

/** The fixture's tenants and books, with the finance scope refreshed as the nightly job would. */
export async function insertReportWorld(db: Kysely<Database>): Promise<void> {
  await insertFixture(db);
  await insertFinanceFixture(db);
  await refreshFinanceScope(db, 'tnt_demo', { now: REFRESHED_AT });
}

export function runtimeFor(reportsDir: string, smtp: SmtpTestServer | null, password = SMTP_PASSWORD): ReportRuntime {
  return {
    reportsDir,
    smtp: smtp && { host: smtp.host, port: smtp.port, secure: false, user: SMTP_USER, password, from: 'CapLiquify Finance <reports@capliquify.test>', fromAddress: 'reports@capliquify.test' },
    smtpOptions: { timeoutMs: 10_000 },
  };
}

/** A daily schedule at 07:00 UTC of four views in every format, mailed to the CFO and treasury. */
export function mailedSchedule(over: Partial<ReportScheduleInput> = {}): ReportScheduleInput {
  return {
    name: 'Weekly finance', views: ['summary', 'aging_ar', 'dso_by_customer', 'cash_forecast'], formats: ['xlsx', 'pdf', 'csv'],
    cadence: 'daily', hour: 7, timezone: 'UTC', delivery: { kind: 'email', recipients: ['CFO@example.com', 'treasury@example.com'] }, ...over,
  };
}

export function reportJobContext(db: Kysely<Database>, extra: Partial<JobContext> = {}): JobContext {
  return { db, log: silentLogger(), jobId: `test-${Math.random().toString(36).slice(2)}`, attempt: 1, job: 'finance-report', progress: async () => {}, ...extra };
}

/** An `enqueue` that records what a fan-out queues. */
export function recordingEnqueue(): { queued: { name: string; input: unknown }[]; enqueue: NonNullable<JobContext['enqueue']> } {
  const queued: { name: string; input: unknown }[] = [];
  return {
    queued,
    enqueue: async <T>(job: JobDefinition<T>, input: T) => {
      queued.push({ name: job.name, input });
      return `job-${queued.length}`;
    },
  };
}
