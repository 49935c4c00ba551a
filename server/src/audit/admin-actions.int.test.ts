import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../test/databases';
import { buildPrivacyWorld, type PrivacyWorld } from '../../test/privacy-world';
import { revokeDevice } from '../sync/devices.service';
import { createEnrollmentCode, enrollDevice } from '../sync/enrollment.service';
import { listAudit, verifyAudit } from './audit.service';

// The admin actions that already existed now leave entries in the tenant's chain.
describe.each(BACKENDS)('audit entries of admin actions on %s', (kind) => {
  let testDb: TestDatabase;
  let world: PrivacyWorld;
  const db = () => testDb.handle.db;
  const newest = async (n: number) => (await listAudit(db(), { tenantId: 'tnt_demo', limit: n })).reverse()
    .map((e) => ({ action: e.action, subject: e.subject, actorUserId: e.actorUserId, actorDeviceId: e.actorDeviceId, details: e.details }));

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'audit-admin');
    world = await buildPrivacyWorld(db());
  });
  afterAll(() => testDb.cleanup());

  it('records one entry for an approved count session, from the approving station, without names', async () => {
    const approvals = (await listAudit(db(), { tenantId: 'tnt_demo', limit: 100 })).filter((e) => e.action === 'count.approved');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      subject: `count_session:${world.approvedSessionId}`, actorDeviceId: 'dev_dock', actorUserId: null,
      details: { siteId: 'site_a', rows: 1, adjustments: 1 },
    });
  });

  it('records issuing an enrolment code, the enrolment it allows, and revoking the device', async () => {
    const { code } = await createEnrollmentCode(db(), { tenantId: 'tnt_demo', siteId: 'site_a', name: 'Dock 2', actorUserId: 'usr_admin' });
    const { deviceId } = await enrollDevice(db(), { code, name: 'Dock 2' });
    await revokeDevice(db(), deviceId, undefined, 'usr_admin');
    const entries = await newest(3);
    expect(entries).toEqual([
      { action: 'device.enrollment_code_issued', subject: 'site:site_a', actorUserId: 'usr_admin', actorDeviceId: null, details: { expiresAt: expect.any(String) } },
      { action: 'device.enrolled', subject: `device:${deviceId}`, actorUserId: null, actorDeviceId: deviceId, details: { siteId: 'site_a' } },
      { action: 'device.revoked', subject: `device:${deviceId}`, actorUserId: 'usr_admin', actorDeviceId: null, details: {} },
    ]);
    expect(JSON.stringify(entries)).not.toContain(code);
    await expect(revokeDevice(db(), 'dev_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await newest(3)).toEqual(entries);
    expect(await verifyAudit(db(), 'tnt_demo')).toMatchObject([{ ok: true }]);
  });
});
