import type { RoleGrant } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig, refusal } from '../../../test/auth';
import { BACKENDS, createScratchDir, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import type { ReportSchedule } from '../../domains/working-capital/reports/report-schedule.schema';
import { listReportSchedules, requestReportRun, saveReportSchedule } from '../../domains/working-capital/reports/report-schedules.service';
import { parseMime } from '../../domains/working-capital/reports/test/parse-mime';
import { insertReportWorld, mailedSchedule, runtimeFor, SMTP_PASSWORD, SMTP_USER } from '../../domains/working-capital/reports/test/report-world';
import { startSmtpTestServer, type SmtpTestServer } from '../../domains/working-capital/reports/test/smtp-test-server';
import { createFinanceReportJob } from '../../jobs/finance-report.job';
import { createInProcessRunner } from '../../jobs/in-process.runner';
import type { JobDefinition } from '../../jobs/job';
import { waitFor } from '../../jobs/test/wait-for';

const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));

describe.each(BACKENDS)('workingCapital.reportSchedules on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let smtp: SmtpTestServer;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;

  async function bearer(grants: RoleGrant[], tenantId = 'tnt_demo'): Promise<Record<string, string>> {
    const person = await insertPerson(db(), { tenantId, grants });
    const signInId = await insertSignIn(db(), person, null, { mfa: false });
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: false }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }
  const admin = () => bearer([{ siteId: null, role: 'admin' }]);

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'report-schedules-router');
    await insertReportWorld(db());
    smtp = await startSmtpTestServer({ user: SMTP_USER, password: SMTP_PASSWORD });
    scratch = await createScratchDir('report-schedules-router');
    const runtime = runtimeFor(scratch.dir, smtp);
    const jobs = [createFinanceReportJob(() => runtime) as unknown as JobDefinition];
    app = await buildApp({ ...config, reports: { dir: runtime.reportsDir, smtp: runtime.smtp } }, {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(), jobs: { runner: (deps) => createInProcessRunner({ ...deps, jobs }) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await scratch?.remove();
    await testDb?.cleanup();
  });

  it('lets an admin schedule a report, anyone in finance list it, and nobody else', async () => {
    const saved = await mutate<ReportSchedule>(app, 'workingCapital.reportSchedules.save', { schedule: mailedSchedule({ name: 'Monday pack', cadence: 'weekly', weekday: 1, timezone: 'Europe/London' }) }, await admin());
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({
      name: 'Monday pack', when: 'weekly on Monday at 07:00 Europe/London', delivery: { kind: 'email', recipients: ['cfo@example.com', 'treasury@example.com'] },
      formats: ['xlsx', 'pdf', 'csv'], periodDays: 90, enabled: true, lastRunAt: null,
    });
    expect(new Date(saved.data.nextRunAt!).getTime()).toBeGreaterThan(Date.now());

    const listed = await query<ReportSchedule[]>(app, 'workingCapital.reportSchedules.list', undefined, await bearer([{ siteId: null, role: 'manager' }]));
    expect(listed.data.map((s) => s.name)).toEqual(['Monday pack']);
    expect((await query(app, 'workingCapital.reportSchedules.list', undefined, await bearer([{ siteId: null, role: 'viewer' }]))).status).toBe(403);
    expect((await mutate(app, 'workingCapital.reportSchedules.save', { schedule: mailedSchedule({ name: 'Manager pack' }) }, await bearer([{ siteId: null, role: 'manager' }]))).status).toBe(403);
    const stranger = await bearer([{ siteId: null, role: 'admin' }], 'tnt_other');
    expect((await query<ReportSchedule[]>(app, 'workingCapital.reportSchedules.list', undefined, stranger)).data).toEqual([]);
    expect((await mutate(app, 'workingCapital.reportSchedules.remove', { id: saved.data.id }, stranger)).status).toBe(404);
  });

  it('refuses a schedule that could not run, saying why', async () => {
    const headers = await admin();
    const bad = async (schedule: unknown) => {
      const res = await mutate(app, 'workingCapital.reportSchedules.save', { schedule }, headers);
      // Input that fails the schema comes back with each issue and where it is.
      const issues = (res.error?.data as { errors?: { path: string; message: string }[] } | undefined)?.errors;
      return { status: res.status, message: issues ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : res.error?.message ?? '' };
    };
    expect(await bad(mailedSchedule({ name: 'Escape', delivery: { kind: 'folder', folder: '../../etc' } }))).toMatchObject({ status: 400, message: expect.stringContaining('schedule.delivery.folder: ".." is not allowed in a folder path') });
    expect(await bad(mailedSchedule({ name: 'No day', cadence: 'weekly' }))).toMatchObject({ status: 400, message: expect.stringContaining('A weekly report needs a weekday') });
    expect(await bad(mailedSchedule({ name: 'Nowhere', timezone: 'Mars/Olympus' }))).toMatchObject({ status: 400, message: expect.stringContaining('"Mars/Olympus" is not a time zone') });
    expect(await bad(mailedSchedule({ name: 'Bad mail', delivery: { kind: 'email', recipients: ['not-an-address'] } }))).toMatchObject({ status: 400 });
    expect(await bad(mailedSchedule({ name: 'Monday pack' }))).toMatchObject({ status: 409, message: 'A report schedule called "Monday pack" already exists; choose another name or change that one.' });
    // Without SMTP on the server, e-mail delivery is refused (a folder is not).
    expect(await refusal(saveReportSchedule(db(), { tenantId: 'tnt_demo', userId: null }, { schedule: mailedSchedule({ name: 'Unsendable' }) }, { smtpConfigured: false })))
      .toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('SMTP_URL and SMTP_FROM') });
    const [monday] = await listReportSchedules(db(), 'tnt_demo');
    expect(await refusal(requestReportRun(db(), { tenantId: 'tnt_demo', userId: null }, monday!.id, { smtpConfigured: false })))
      .toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('This report is e-mailed') });
  });

  it('runs a schedule now on the job runner, then removes it, each change in the audit log without the addresses', async () => {
    const headers = await admin();
    const saved = await mutate<ReportSchedule>(app, 'workingCapital.reportSchedules.save', { schedule: mailedSchedule({ name: 'On demand', views: ['summary', 'anomalies'], formats: ['pdf'] }) }, headers);
    const changed = await mutate<ReportSchedule>(app, 'workingCapital.reportSchedules.save', { id: saved.data.id, schedule: mailedSchedule({ name: 'On demand', views: ['summary', 'anomalies'], formats: ['pdf'], hour: 18 }) }, headers);
    expect(changed.data).toMatchObject({ id: saved.data.id, hour: 18, when: 'daily at 18:00 UTC' });
    const mails = smtp.messages.length;
    const run = await mutate<{ id: string; jobId: string }>(app, 'workingCapital.reportSchedules.runNow', { id: saved.data.id }, headers);
    expect(run.status).toBe(200);
    const mail = await waitFor('the report mail', async () => smtp.messages[mails]);
    expect(parseMime(mail.data).attachments.map((a) => a.fileName)).toEqual([expect.stringMatching(/^on-demand-\d{4}-\d{2}-\d{2}\.pdf$/)]);
    const after = await waitFor('the run recorded', async () => {
      const [s] = (await query<ReportSchedule[]>(app, 'workingCapital.reportSchedules.list', undefined, headers)).data.filter((x) => x.id === saved.data.id);
      return s?.lastStatus === 'delivered' ? s : undefined;
    });
    // Running now leaves the regular slot as it was.
    expect(after.nextRunAt).toBe(changed.data.nextRunAt);
    expect((await mutate(app, 'workingCapital.reportSchedules.remove', { id: saved.data.id }, headers)).data).toEqual({ id: saved.data.id, removed: true });
    expect((await mutate(app, 'workingCapital.reportSchedules.runNow', { id: saved.data.id }, headers)).status).toBe(404);

    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id', 'details']).where('subject', '=', `finance_report_schedule:${saved.data.id}`).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['finance_report_schedule.added', 'finance_report_schedule.changed', 'finance_report_schedule.run_requested', 'finance_report_schedule.removed']);
    expect(audit.every((a) => a.actor_user_id !== null)).toBe(true);
    expect(audit[1]!.details).toMatchObject({ hour: 18, delivery: 'email', recipients: 2, views: ['summary', 'anomalies'] });
    expect(JSON.stringify(audit)).not.toContain('@');
  });
});
