import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { createScratchDir, openTestDatabase, type TestDatabase } from '../../test/databases';
import type { ReportSchedule } from '../domains/working-capital/reports/report-schedule.schema';
import { parseMime } from '../domains/working-capital/reports/test/parse-mime';
import { insertReportWorld, SMTP_PASSWORD, SMTP_USER } from '../domains/working-capital/reports/test/report-world';
import { startSmtpTestServer, type SmtpTestServer } from '../domains/working-capital/reports/test/smtp-test-server';

describe('capliquify reports schedule (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let smtp: SmtpTestServer;
  let scratch: { dir: string; remove(): Promise<void> };
  let env: Record<string, string>;
  const json = async <T>(args: string[], withEnv = env) => {
    const run = await runCliHere([...args, '--json'], withEnv);
    return { code: run.code, out: JSON.parse(run.stdout) as T, stderr: run.stderr };
  };

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-reports');
    await insertReportWorld(testDb.handle.db);
    smtp = await startSmtpTestServer({ user: SMTP_USER, password: SMTP_PASSWORD });
    scratch = await createScratchDir('cli-reports');
    env = { DATABASE_URL: testDb.config.databaseUrl!, CAPLIQUIFY_DATA_DIR: scratch.dir, SMTP_URL: smtp.url, SMTP_FROM: 'Finance <reports@capliquify.test>' };
  });
  afterAll(async () => {
    await smtp?.close();
    await scratch?.remove();
    await testDb?.cleanup();
  });

  it('adds, lists, runs now and removes a mailed report', async () => {
    const added = await json<{ schedule: ReportSchedule }>(['reports', 'schedule', 'add', '--tenant', 'tnt_demo', '--name', 'CFO weekly', '--views', 'summary,aging_ar',
      '--formats', 'xlsx,pdf', '--cadence', 'weekly', '--weekday', 'mon', '--hour', '7', '--timezone', 'Europe/London', '--to', 'cfo@example.com, treasury@example.com']);
    expect(added.code).toBe(0);
    expect(added.out.schedule).toMatchObject({ name: 'CFO weekly', weekday: 1, when: 'weekly on Monday at 07:00 Europe/London', delivery: { kind: 'email', recipients: ['cfo@example.com', 'treasury@example.com'] } });
    const id = added.out.schedule.id;

    const listed = await runCliHere(['reports', 'schedule', 'list', '--tenant', 'tnt_demo'], env);
    expect(listed.stdout).toContain(`${id}  CFO weekly\n  summary, aging_ar as xlsx, pdf, ratios over 90 days; weekly on Monday at 07:00 Europe/London; e-mail to cfo@example.com, treasury@example.com\n  next `);

    const ran = await runCliHere(['reports', 'schedule', 'run-now', id, '--tenant', 'tnt_demo'], env);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^CFO weekly as of \d{4}-\d{2}-\d{2}: mailed to cfo@example.com, treasury@example.com\n {2}cfo-weekly-\d{4}-\d{2}-\d{2}\.xlsx\n {2}cfo-weekly-\d{4}-\d{2}-\d{2}\.pdf\n$/);
    expect(ran.stderr).toContain('building CFO weekly (2 view(s) as xlsx, pdf)');
    expect(smtp.messages).toHaveLength(1);
    expect(parseMime(smtp.messages[0]!.data).headers.get('from')).toBe('"Finance" <reports@capliquify.test>');

    expect((await json<{ removed: boolean }>(['reports', 'schedule', 'remove', id, '--tenant', 'tnt_demo'])).out.removed).toBe(true);
    expect((await json<{ schedules: unknown[] }>(['reports', 'schedule', 'list', '--tenant', 'tnt_demo'])).out.schedules).toEqual([]);
  });

  it('saves to a folder under the data folder\'s reports/, and only there', async () => {
    const added = await json<{ schedule: ReportSchedule }>(['reports', 'schedule', 'add', '--tenant', 'tnt_demo', '--name', 'Archive', '--views', 'cash_forecast',
      '--formats', 'csv', '--cadence', 'daily', '--hour', '22', '--folder', 'archive/daily']);
    const ran = await json<{ files: string[] }>(['reports', 'schedule', 'run-now', added.out.schedule.id, '--tenant', 'tnt_demo']);
    expect(ran.out.files).toEqual([expect.stringMatching(/^tnt_demo\/archive\/daily\/archive-\d{4}-\d{2}-\d{2}-cash-forecast\.csv$/), expect.stringMatching(/payment-delays\.csv$/)]);
    expect(await readdir(path.join(scratch.dir, 'reports', 'tnt_demo', 'archive', 'daily'))).toHaveLength(2);

    const escape = await runCliHere(['reports', 'schedule', 'add', '--tenant', 'tnt_demo', '--name', 'Escape', '--views', 'summary', '--formats', 'csv', '--cadence', 'daily', '--hour', '1', '--folder', '/etc'], env);
    expect([escape.code, escape.stderr]).toEqual([1, expect.stringContaining('"/etc" is not a relative folder')]);
  });

  it('explains what is missing or wrong on the command line', async () => {
    const stderr = async (args: string[], withEnv = env) => (await runCliHere(args, withEnv)).stderr.trim();
    const base = ['reports', 'schedule', 'add', '--name', 'X', '--views', 'summary', '--formats', 'csv', '--cadence', 'daily', '--hour', '7'];
    expect(await stderr(['reports'])).toMatch(/^capliquify: reports needs schedule \(got nothing\)/);
    expect(await stderr(['reports', 'schedule', 'explode'])).toMatch(/^capliquify: reports schedule needs add, list, remove or run-now \(got "explode"\)/);
    expect(await stderr(base)).toBe('capliquify: say where the report goes: --to <email,…> or --folder <path under the reports folder>');
    expect(await stderr([...base, '--to', 'a@example.com', '--folder', 'x'])).toBe('capliquify: give --to (e-mail) or --folder, not both');
    expect(await stderr(['reports', 'schedule', 'add', '--name', 'X', '--views', 'summary,profit', '--formats', 'csv', '--cadence', 'daily', '--hour', '7', '--folder', 'x']))
      .toContain('(not: profit)');
    expect(await stderr([...base, '--folder', 'x', '--weekday', 'someday'])).toBe('capliquify: --weekday must be mon … sun or 1 … 7 (got "someday")');
    expect(await stderr(['reports', 'schedule', 'run-now'])).toBe('capliquify: reports schedule run-now needs the schedule\'s id (see `reports schedule list`)');
    expect(await stderr(['reports', 'schedule', 'run-now', 'frs_nope', '--tenant', 'tnt_demo'])).toBe('capliquify: failed: No report schedule "frs_nope".');
    const noSmtp = { DATABASE_URL: env.DATABASE_URL!, CAPLIQUIFY_DATA_DIR: scratch.dir };
    expect(await stderr([...base, '--tenant', 'tnt_demo', '--to', 'a@example.com'], noSmtp)).toContain('E-mail delivery needs the server\'s SMTP_URL and SMTP_FROM');
    expect(await stderr(['reports', 'schedule', 'list'], { ...noSmtp, SMTP_URL: 'smtp://mail.example.com' })).toBe('capliquify: SMTP_URL needs SMTP_FROM, the address scheduled reports are sent from');
  });
});
