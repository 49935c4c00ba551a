import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ANN, ANN_PASSWORD_HASH, ANN_TOTP_SEALED, BOB, buildPrivacyWorld, type PrivacyWorld } from '../../test/privacy-world';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../test/databases';
import { listAudit, verifyAudit } from '../audit/audit.service';
import { erasePerson, exportPerson } from './privacy.service';

describe.each(BACKENDS)('privacy on %s', (kind) => {
  let testDb: TestDatabase;
  let world: PrivacyWorld;
  const db = () => testDb.handle.db;
  /** Every row of a table, as text, to prove erasure left it alone. */
  const snapshot = async (query: string) => JSON.stringify((await sql.raw(query).execute(db())).rows);
  const mentions = async (table: string, text: string) => {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)} t
      where tenant_id = 'tnt_demo' and strpos(lower(t::text), ${text.toLowerCase()}) > 0`.execute(db());
    return Number(rows[0]!.n);
  };

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'privacy');
    world = await buildPrivacyWorld(db());
    // Ann receives two scheduled reports (one with the CFO, one alone, her address typed in capitals) and made a third.
    const schedule = {
      tenant_id: 'tnt_demo', views: '["summary"]', formats: '["pdf"]', cadence: 'weekly' as const, weekday: 1, hour: 7, timezone: 'UTC', delivery: 'email' as const, folder: null,
    };
    await db().insertInto('finance_report_schedules').values([
      { ...schedule, id: 'frs_board', name: 'Board pack', recipients: JSON.stringify([ANN.email, 'cfo@example.com']), created_by: BOB.id },
      { ...schedule, id: 'frs_ann', name: 'Ann weekly', recipients: JSON.stringify([ANN.email.toUpperCase()]), created_by: BOB.id },
      { ...schedule, id: 'frs_made', name: 'Made by Ann', recipients: JSON.stringify(['cfo@example.com']), created_by: ANN.id },
      { ...schedule, id: 'frs_other', name: 'Not Ann', recipients: JSON.stringify(['cfo@example.com']), created_by: BOB.id },
    ]).execute();
  });
  afterAll(() => testDb.cleanup());

  it('exports everything held about the person and nothing of anyone else', async () => {
    const doc = await exportPerson(db(), 'tnt_demo', ANN.id);
    const text = JSON.stringify(doc);
    expect(doc.person).toMatchObject({ id: ANN.id, email: ANN.email, displayName: ANN.name, hasPassword: true, totpEnabled: true, erasedAt: null });
    expect(text).not.toContain(ANN_PASSWORD_HASH);
    expect(text).not.toContain(ANN_TOTP_SEALED);
    expect(doc.roleGrants).toEqual([expect.objectContaining({ id: 'grt_ann', siteId: 'site_a', role: 'manager' })]);
    expect(doc.signIns.map((s) => [s.id, s.device])).toEqual(expect.arrayContaining([
      ['sgn_ann_dock', { id: 'dev_dock', name: 'Dock station', siteId: 'site_a' }], ['sgn_ann_web', null],
    ]));
    expect(doc.signIns).toHaveLength(2);
    expect(doc.auditEntries.map((e) => [e.action, e.subject])).toEqual([['user.created', `user:${ANN.id}`], ['device.revoked', 'device:dev_old']]);

    const { sessions, lines, approvals } = doc.counting;
    expect(new Map(sessions.map((s) => [s.session.id, s.roles]))).toEqual(new Map([
      [world.approvedSessionId, ['created_by', 'approved_by', 'assigned_counter']],
      [world.recountSessionId, ['recount_requested_by', 'recount_excluded']],
    ]));
    expect(sessions.find((s) => s.session.id === world.approvedSessionId)!.session).toMatchObject({ createdBy: ANN.name, approvedBy: ANN.name, counters: [ANN.name, 'another person'], status: 'approved' });
    expect(lines.map((l) => [l.line.quantity, l.roles, l.voidedBy]).sort()).toEqual([[2, ['counter'], null], [5, ['counter', 'voided_by'], ANN.name]]);
    expect(approvals).toEqual([expect.objectContaining({ roles: ['approved_by', 'counter'], counters: [ANN.name, 'another person'], counted: 4, adjustment: 1 })]);
    expect(doc.rejectedCommands.map((r) => r.args)).toEqual([{ counter: ANN.name, quantity: 1 }]);
    expect(doc.reportSchedules.map((s) => [s.name, s.roles])).toEqual([['Ann weekly', ['recipient']], ['Board pack', ['recipient']], ['Made by Ann', ['created_by']]]);
    // The other recipients are other people's addresses.
    expect(text).not.toContain('cfo@example.com');
    // Bob counted, submitted and has his own account, grants and audit entries: none of it is here.
    for (const other of [BOB.name, BOB.email, BOB.id, 'grt_bob', 'sgn_bob_dock', 'device:dev_older', 'Namesake']) expect(text).not.toContain(other);
  });

  it('refuses a person of another tenant', async () => {
    await expect(exportPerson(db(), 'tnt_demo', 'usr_ann_other')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('erases the person, keeps ledgers and the audit chain, and tells the stations', async () => {
    const ledger = 'select * from stock_movements order by id';
    const quantities = 'select id, session_id, location_id, item_id, expected_at_count, counted, adjustment, movement_id from count_audit order by id';
    const lineQuantities = 'select id, quantity, device_id, counted_at from count_lines order by id';
    const before = { ledger: await snapshot(ledger), audit: await snapshot(quantities), lines: await snapshot(lineQuantities) };
    const auditBefore = await listAudit(db(), { tenantId: 'tnt_demo', limit: 1000 });
    const siteVersion = () => db().selectFrom('sync_scopes').select('version').where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'site:site_a').executeTakeFirstOrThrow();
    const versionBefore = Number((await siteVersion()).version);

    const report = await erasePerson(db(), 'tnt_demo', ANN.id, ADMIN.id);
    expect(report).toEqual({ userId: ANN.id, alreadyErased: false, signInsRevoked: 2, countSessions: 2, countLines: 2, countAuditRows: 1, rejectedCommands: 1, reportSchedules: 2 });
    // Her address is off both reports; the one mailed to her alone is switched off, saying why.
    const schedules = await db().selectFrom('finance_report_schedules').select(['id', 'recipients', 'enabled', 'last_error']).orderBy('id').execute();
    expect(schedules.map((s) => [s.id, s.recipients, s.enabled])).toEqual([
      ['frs_ann', [], false], ['frs_board', ['cfo@example.com'], true], ['frs_made', ['cfo@example.com'], true], ['frs_other', ['cfo@example.com'], true],
    ]);
    expect(schedules[0]!.last_error).toContain('Its only recipient was erased');

    const ann = await db().selectFrom('users').selectAll().where('id', '=', ANN.id).executeTakeFirstOrThrow();
    expect(ann).toMatchObject({ email: `erased-${ANN.id}@erased.invalid`, display_name: 'Erased person', password_hash: null, totp_secret: null, totp_enabled: false });
    expect(ann.removed_at).toBeInstanceOf(Date);
    expect(ann.erased_at).toBeInstanceOf(Date);
    const signIns = await db().selectFrom('sign_ins').select(['id', 'revoked_at']).orderBy('id').execute();
    expect(signIns.map((s) => [s.id, s.revoked_at !== null])).toEqual([['sgn_ann_dock', true], ['sgn_ann_web', true], ['sgn_bob_dock', false]]);

    for (const table of ['count_sessions', 'count_lines', 'count_audit', 'sync_rejections', 'sync_rows', 'users', 'finance_report_schedules']) {
      expect(await mentions(table, ANN.name), table).toBe(0);
      expect(await mentions(table, ANN.email), table).toBe(0);
    }
    expect(await mentions('count_lines', BOB.name)).toBe(1);
    const session = await db().selectFrom('count_sessions').selectAll().where('id', '=', world.approvedSessionId).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ created_by: 'Erased person', approved_by: 'Erased person', counters: ['Erased person', BOB.name] });
    const recount = await db().selectFrom('count_sessions').select('recounts').where('id', '=', world.recountSessionId).executeTakeFirstOrThrow();
    expect(recount.recounts[0]).toMatchObject({ requestedBy: 'Erased person', excludedCounters: ['Erased person', BOB.name] });
    const namesake = await db().selectFrom('count_sessions').select('created_by').where('tenant_id', '=', 'tnt_other').executeTakeFirstOrThrow();
    expect(namesake.created_by).toBe(ANN.name);
    const rejection = await db().selectFrom('sync_rejections').select(['reason', 'args']).where('mutation_id', '=', '1').executeTakeFirstOrThrow();
    expect(rejection).toEqual({ reason: 'Erased person is not assigned to session Aisle 9.', args: { counter: 'Erased person', quantity: 1 } });

    expect({ ledger: await snapshot(ledger), audit: await snapshot(quantities), lines: await snapshot(lineQuantities) }).toEqual(before);
    expect(Number((await siteVersion()).version)).toBeGreaterThan(versionBefore);

    const auditAfter = await listAudit(db(), { tenantId: 'tnt_demo', limit: 1000 });
    expect(auditAfter.slice(1)).toEqual(auditBefore);
    expect(auditAfter[0]).toMatchObject({ action: 'person.erased', actorUserId: ADMIN.id, subject: `user:${ANN.id}`, details: { signInsRevoked: 2, countLines: 2 } });
    expect(await verifyAudit(db(), 'tnt_demo')).toMatchObject([{ ok: true, count: auditBefore.length + 1 }]);

    const after = JSON.stringify(await exportPerson(db(), 'tnt_demo', ANN.id));
    expect(after).not.toMatch(/ann berg|ann@example\.com/i);
  });

  it('does nothing the second time', async () => {
    const auditBefore = await listAudit(db(), { tenantId: 'tnt_demo', limit: 1000 });
    const rows = await snapshot('select * from sync_rows order by scope, entity, id');
    expect(await erasePerson(db(), 'tnt_demo', ANN.id, ADMIN.id)).toMatchObject({ alreadyErased: true, signInsRevoked: 0, countLines: 0 });
    expect(await listAudit(db(), { tenantId: 'tnt_demo', limit: 1000 })).toEqual(auditBefore);
    expect(await snapshot('select * from sync_rows order by scope, entity, id')).toBe(rows);
  });
});
