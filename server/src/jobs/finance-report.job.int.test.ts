import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pdfPageTexts } from '@capliquify/shared/reports/test/pdf-text';
import { readWorkbook } from '@capliquify/shared/reports/test/read-files';
import { formulaCells } from '@capliquify/shared/reports/test/sheet-formulas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createScratchDir, openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { saveReportSchedule, removeReportSchedule } from '../domains/working-capital/reports/report-schedules.service';
import { parseMime } from '../domains/working-capital/reports/test/parse-mime';
import { insertReportWorld, mailedSchedule, recordingEnqueue, reportJobContext, runtimeFor, SMTP_PASSWORD, SMTP_USER } from '../domains/working-capital/reports/test/report-world';
import { startSmtpTestServer, type SmtpTestServer } from '../domains/working-capital/reports/test/smtp-test-server';
import { EXPECTED } from '../domains/working-capital/test/finance-fixture';
import { createBullmqRunner } from './bullmq.runner';
import { createFinanceReportJob, financeReportJob, FINANCE_REPORT_TICK_MS } from './finance-report.job';
import { PermanentJobError, type JobDefinition } from './job';
import { waitFor } from './test/wait-for';

const actor = { tenantId: 'tnt_demo', userId: null };
// Saved the day before: its first slot is 31 March 07:00 UTC, long past, so the next tick runs it as of that day.
const SAVED_AT = new Date('2026-03-30T12:00:00Z');
const DSO_90 = (EXPECTED.receivablesMinor * 90) / EXPECTED.revenueMinor;

describe.each(BACKENDS)('scheduled finance reports on %s', (kind) => {
  let testDb: TestDatabase;
  let smtp: SmtpTestServer;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;
  const job = () => createFinanceReportJob(() => runtimeFor(scratch.dir, smtp));
  const schedule = async (id: string) => db().selectFrom('finance_report_schedules').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'finance-report-job');
    await insertReportWorld(db());
    smtp = await startSmtpTestServer({ user: SMTP_USER, password: SMTP_PASSWORD, advertiseStartTls: true });
    scratch = await createScratchDir('finance-reports');
  });
  afterAll(async () => {
    await smtp?.close();
    await scratch?.remove();
    await testDb?.cleanup();
  });

  it('mails a due report once, authenticated, its attachments holding the engine\'s figures, then waits for the next slot', async () => {
    const saved = await saveReportSchedule(db(), actor, { schedule: mailedSchedule() }, { smtpConfigured: true, now: SAVED_AT });
    expect(saved.nextRunAt).toBe('2026-03-31T07:00:00.000Z');
    const before = Date.now();

    const tick = await job().perform({}, reportJobContext(db())) as { results: unknown[] };
    expect(tick.results).toEqual([{ tenantId: 'tnt_demo', scheduleId: saved.id, slot: '2026-03-31T07:00:00.000Z', files: 2 + 5 }]);
    expect(await job().perform({}, reportJobContext(db()))).toEqual({ results: [] });

    expect(smtp.messages).toHaveLength(1);
    const [sent] = smtp.messages;
    expect(sent!.from).toBe('reports@capliquify.test');
    expect(sent!.to).toEqual(['cfo@example.com', 'treasury@example.com']);
    // Authenticated before anything was sent; STARTTLS offered but skipped on loopback.
    expect(smtp.sessions.at(-1)!.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'AUTH', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);

    const mail = parseMime(sent!.data);
    expect(mail.headers.get('subject')).toBe('Weekly finance - 2026-03-31');
    expect(mail.headers.get('from')).toBe('"CapLiquify Finance" <reports@capliquify.test>');
    expect(mail.text).toContain(`DSO: ${DSO_90.toFixed(1)} days  (DSO = AR ÷ revenue × days)`);
    expect(mail.attachments.map((a) => a.fileName)).toEqual([
      'weekly-finance-2026-03-31.xlsx', 'weekly-finance-2026-03-31.pdf',
      'weekly-finance-2026-03-31-ratios.csv', 'weekly-finance-2026-03-31-ar-aging.csv', 'weekly-finance-2026-03-31-dso-by-customer.csv',
      'weekly-finance-2026-03-31-cash-forecast.csv', 'weekly-finance-2026-03-31-payment-delays.csv',
    ]);

    const book = await readWorkbook(mail.attachments[0]!.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Ratios', 'AR aging', 'DSO by customer', 'Cash forecast', 'Payment delays', 'About']);
    const ratios = book.getWorksheet('Ratios')!;
    expect([ratios.getCell('D2').value, ratios.getCell('F2').value, ratios.getCell('G2').value]).toEqual([EXPECTED.receivablesMinor / 100, EXPECTED.revenueMinor / 100, 90]);
    expect(ratios.getCell('H2').value).toEqual({ formula: 'D2/F2*G2', result: DSO_90 });
    expect(ratios.getCell('D3').value).toBe(EXPECTED.payablesMinor / 100);
    const aging = book.getWorksheet('AR aging')!;
    const totals = aging.getRow(aging.rowCount);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(9).value).toMatchObject({ formula: `SUM(I2:I${aging.rowCount - 1})`, result: EXPECTED.receivablesMinor / 100 });
    for (const sheet of book.worksheets) {
      for (const cell of formulaCells(sheet)) expect(cell.computed, `${sheet.name}!${cell.address}`).toBeCloseTo((cell.cached ?? 0) as number, 6);
    }
    const pages = await pdfPageTexts(mail.attachments[1]!.bytes);
    expect(pages[0]![0]).toBe('Working-capital ratios - 90 days to 2026-03-31');
    expect(pages.flat()).toContain('1,687.50');
    expect(mail.attachments[2]!.bytes.toString('utf8')).toContain(`DSO,DSO = AR ÷ revenue × days,AR,1687.50,revenue,2550.00,90,${Number(DSO_90.toFixed(6))},`);

    const row = await schedule(saved.id);
    expect(row).toMatchObject({ last_status: 'delivered', last_error: null, last_files: mail.attachments.map((a) => a.fileName) });
    expect(row.last_run_at!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    // Moved on to the next 07:00 UTC after the tick, not to the day after the missed slot.
    expect(row.next_run_at!.getTime()).toBeGreaterThan(before);
    expect(row.next_run_at!.getTime() - before).toBeLessThanOrEqual(24 * 3_600_000);
    expect(row.next_run_at!.toISOString().slice(11)).toBe('07:00:00.000Z');
    await removeReportSchedule(db(), actor, saved.id);
  });

  it('saves the report whole into the tenant\'s folder under the reports folder, as of the day in the schedule\'s zone', async () => {
    // 31 March 2026 is a Tuesday; 06:00 in London is 05:00 UTC (summer time since the 29th).
    const saved = await saveReportSchedule(db(), actor, {
      schedule: mailedSchedule({ name: 'Board folder', views: ['summary', 'aging_ap'], formats: ['xlsx', 'csv'], cadence: 'weekly', weekday: 2, hour: 6, timezone: 'Europe/London', delivery: { kind: 'folder', folder: 'board/weekly' } }),
    }, { smtpConfigured: false, now: SAVED_AT });
    expect(saved.nextRunAt).toBe('2026-03-31T05:00:00.000Z');
    const { queued, enqueue } = recordingEnqueue();
    await job().perform({}, reportJobContext(db(), { enqueue }));
    expect(queued).toEqual([{ name: 'finance-report', input: { tenantId: 'tnt_demo', scheduleId: saved.id, slot: '2026-03-31T05:00:00.000Z' } }]);

    const result = await job().perform(queued[0]!.input as { tenantId: string; scheduleId: string }, reportJobContext(db()));
    expect(result).toMatchObject({ delivery: 'folder', asOf: '2026-03-31' });
    const folder = path.join(scratch.dir, 'tnt_demo', 'board', 'weekly');
    expect((await readdir(folder)).sort()).toEqual(['board-folder-2026-03-31-ap-aging.csv', 'board-folder-2026-03-31-ratios.csv', 'board-folder-2026-03-31.xlsx']);
    expect((await schedule(saved.id)).last_files).toEqual(['tnt_demo/board/weekly/board-folder-2026-03-31.xlsx', 'tnt_demo/board/weekly/board-folder-2026-03-31-ratios.csv', 'tnt_demo/board/weekly/board-folder-2026-03-31-ap-aging.csv']);
    const book = await readWorkbook(await readFile(path.join(folder, 'board-folder-2026-03-31.xlsx')));
    const ap = book.getWorksheet('AP aging')!;
    expect(ap.getRow(2).getCell(1).value).toBe('Steel Supply');
    expect(ap.getRow(ap.rowCount).getCell(9).value).toMatchObject({ result: EXPECTED.payablesMinor / 100 });
    await removeReportSchedule(db(), actor, saved.id);
  });

  it('retries when the mail server says later, gives up when it refuses, and keeps the reason on the schedule', async () => {
    const saved = await saveReportSchedule(db(), actor, { schedule: mailedSchedule({ name: 'Flaky', views: ['summary'], formats: ['csv'] }) }, { smtpConfigured: true, now: SAVED_AT });
    const run = { tenantId: 'tnt_demo', scheduleId: saved.id };
    const mails = smtp.messages.length;

    smtp.failNextMessages(1, '451 4.3.0 Mailbox busy, try again later');
    const later = await job().perform(run, reportJobContext(db())).catch((e: unknown) => e);
    expect(later).not.toBeInstanceOf(PermanentJobError);
    expect(later).toMatchObject({ message: 'The mail server did not take the report: the message refused: 451 4.3.0 Mailbox busy, try again later' });
    expect(await schedule(saved.id)).toMatchObject({ last_status: 'failed', last_error: expect.stringContaining('451 4.3.0') });
    await job().perform(run, reportJobContext(db(), { attempt: 2 }));
    expect(await schedule(saved.id)).toMatchObject({ last_status: 'delivered', last_error: null });
    expect(smtp.messages).toHaveLength(mails + 1);

    const wrongPassword = createFinanceReportJob(() => runtimeFor(scratch.dir, smtp, 'not the password'));
    await expect(wrongPassword.perform(run, reportJobContext(db()))).rejects.toThrow(new PermanentJobError('The mail server did not take the report: AUTH PLAIN refused: 535 5.7.8 Authentication credentials invalid'));
    const noSmtp = createFinanceReportJob(() => runtimeFor(scratch.dir, null));
    await expect(noSmtp.perform(run, reportJobContext(db()))).rejects.toBeInstanceOf(PermanentJobError);
    expect(await schedule(saved.id)).toMatchObject({ last_status: 'failed', last_error: 'E-mail delivery needs the server\'s SMTP_URL and SMTP_FROM, which are not set.' });
    expect(smtp.messages).toHaveLength(mails + 1);

    // Another tenant's run of our schedule finds nothing; a removed schedule is given up at once.
    await expect(job().perform({ tenantId: 'tnt_other', scheduleId: saved.id }, reportJobContext(db()))).rejects.toThrow(new PermanentJobError(`No report schedule "${saved.id}".`));
    await removeReportSchedule(db(), actor, saved.id);
    await expect(job().perform(run, reportJobContext(db()))).rejects.toBeInstanceOf(PermanentJobError);
  });

  it('delivers with the process\'s own configuration from the context, and fails for good without one', async () => {
    const saved = await saveReportSchedule(db(), actor, { schedule: mailedSchedule({ name: 'From the config', delivery: { kind: 'folder', folder: 'from-config' } }) }, { smtpConfigured: false, now: SAVED_AT });
    const run = { tenantId: 'tnt_demo', scheduleId: saved.id };
    const config = { reports: { dir: scratch.dir, smtp: null } };
    const result = await financeReportJob.perform(run, reportJobContext(db(), { config })) as { files: string[] };
    expect(result.files.length).toBeGreaterThan(0);
    await expect(financeReportJob.perform(run, reportJobContext(db()))).rejects.toThrow('gave its jobs no configuration');
  });

  it('ticks every five minutes with an input it accepts, and retries a run', () => {
    expect(financeReportJob.schedule).toEqual({ everyMs: FINANCE_REPORT_TICK_MS, input: {} });
    expect(FINANCE_REPORT_TICK_MS).toBe(5 * 60_000);
    expect(financeReportJob.input.safeParse({ tenantId: 'tnt_demo', scheduleId: 'frs_1', slot: 'yesterday' }).success).toBe(false);
    expect(financeReportJob.retry.attempts).toBeGreaterThan(1);
  });
});

describe('a scheduled finance report through BullMQ on Redis', () => {
  let testDb: TestDatabase;
  let smtp: SmtpTestServer;
  let scratch: { dir: string; remove(): Promise<void> };
  let runner: ReturnType<typeof createBullmqRunner>;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'finance-report-bullmq');
    await insertReportWorld(testDb.handle.db);
    smtp = await startSmtpTestServer({ user: SMTP_USER, password: SMTP_PASSWORD, mechanisms: ['LOGIN'] });
    scratch = await createScratchDir('finance-reports-bullmq');
    const job = createFinanceReportJob(() => runtimeFor(scratch.dir, smtp));
    runner = createBullmqRunner(
      { db: testDb.handle.db, logger: silentLogger(), jobs: [job as unknown as JobDefinition] },
      { redisUrl: TEST_REDIS_URL, queueName: `test-finance-report-${randomBytes(4).toString('hex')}` },
    );
    await runner.start();
  });
  afterAll(async () => {
    await runner?.queue.obliterate({ force: true });
    await runner?.close();
    await smtp?.close();
    await scratch?.remove();
    await testDb?.cleanup();
  });

  it('fans the due schedule out to a run on a worker, which mails it', async () => {
    const saved = await saveReportSchedule(testDb.handle.db, actor, { schedule: mailedSchedule({ views: ['aging_ar'], formats: ['xlsx'] }) }, { smtpConfigured: true, now: SAVED_AT });
    await runner.enqueue(financeReportJob, {});
    const mail = await waitFor('the report mail', async () => smtp.messages[0]);
    expect(parseMime(mail.data).attachments.map((a) => a.fileName)).toEqual(['weekly-finance-2026-03-31.xlsx']);
    await waitFor('the run recorded', async () => (await testDb.handle.db.selectFrom('finance_report_schedules').select('last_status').where('id', '=', saved.id).executeTakeFirst())?.last_status === 'delivered');
    expect(smtp.sessions[0]!.slice(1, 4)).toEqual(['AUTH LOGIN', '***', '***']);
  });
});
