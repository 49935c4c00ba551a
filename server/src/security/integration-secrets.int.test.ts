import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../test/databases';
import { listAudit, verifyAudit } from '../audit/audit.service';
import { deleteSecret, getSecret, putSecret, resealAll } from './integration-secrets.service';
import { createSecretBox } from './secret-box';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const gone = { id: 'k0', key: randomBytes(32) };
const TOKEN = 'shpat_0123456789abcdef';

describe.each(BACKENDS)('integration secrets on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;
  const actor = { tenantId: 'tnt_a', actorUserId: 'usr_admin' };
  const stored = () => db().selectFrom('integration_secrets').selectAll().orderBy('tenant_id').orderBy('name').execute();

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'secrets');
    await db().insertInto('tenants').values([{ id: 'tnt_a', name: 'A', base_currency: 'EUR' }, { id: 'tnt_b', name: 'B', base_currency: 'EUR' }]).execute();
  });
  afterAll(() => testDb.cleanup());

  it('stores a secret sealed, opens it, replaces and deletes it, auditing each change without the value', async () => {
    const box = createSecretBox([k1]);
    await putSecret(db(), box, actor, 'shopify.token', 'first');
    await putSecret(db(), box, actor, 'shopify.token', TOKEN);
    const [row] = await stored();
    expect(row).toMatchObject({ tenant_id: 'tnt_a', name: 'shopify.token', key_id: 'k1', sealed: expect.stringMatching(/^v1\.k1\./) });
    expect(JSON.stringify(await stored())).not.toContain(TOKEN);
    expect(await getSecret(db(), box, 'tnt_a', 'shopify.token')).toBe(TOKEN);
    expect(await getSecret(db(), box, 'tnt_b', 'shopify.token')).toBeNull();

    expect(await deleteSecret(db(), actor, 'shopify.token')).toBe(true);
    expect(await deleteSecret(db(), actor, 'shopify.token')).toBe(false);
    const entries = await listAudit(db(), { tenantId: 'tnt_a', limit: 10 });
    expect(entries.map((e) => [e.action, e.subject, e.actorUserId])).toEqual([
      ['secret.deleted', 'secret:shopify.token', 'usr_admin'], ['secret.put', 'secret:shopify.token', 'usr_admin'], ['secret.put', 'secret:shopify.token', 'usr_admin'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
  });

  it('refuses names that are not plain identifiers and empty values', async () => {
    const box = createSecretBox([k1]);
    await expect(putSecret(db(), box, actor, 'bad name', 'x')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(putSecret(db(), box, actor, 'xero.token', '')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('re-seals secrets of every tenant with the newest key, once, and reports those it cannot open', async () => {
    const old = createSecretBox([k1]);
    await putSecret(db(), old, actor, 'xero.refresh', 'xero-secret');
    await putSecret(db(), old, { tenantId: 'tnt_b' }, 'amazon.token', 'amazon-secret');
    await putSecret(db(), createSecretBox([gone]), { tenantId: 'tnt_b' }, 'lost.token', 'lost-secret');
    const rotated = createSecretBox([k2, k1]);

    const report = await resealAll(db(), rotated);
    expect(report).toEqual({ total: 3, resealed: 2, currentKeyId: 'k2', unreadable: [{ tenantId: 'tnt_b', name: 'lost.token', keyId: 'k0' }] });
    expect((await stored()).map((r) => [r.name, r.key_id])).toEqual([['xero.refresh', 'k2'], ['amazon.token', 'k2'], ['lost.token', 'k0']]);
    // The old key can go: the newest alone opens every re-sealed secret.
    const newest = createSecretBox([k2]);
    expect(await getSecret(db(), newest, 'tnt_a', 'xero.refresh')).toBe('xero-secret');
    expect(await getSecret(db(), newest, 'tnt_b', 'amazon.token')).toBe('amazon-secret');
    await expect(getSecret(db(), newest, 'tnt_b', 'lost.token')).rejects.toThrow(/lost.token of tenant tnt_b cannot be opened.*key "k0"/);

    const [rotation] = await listAudit(db(), { tenantId: 'tnt_b', limit: 1 });
    expect(rotation).toMatchObject({ action: 'secrets.rotated', details: { keyId: 'k2', names: ['amazon.token'] } });
    expect(await resealAll(db(), rotated)).toMatchObject({ resealed: 0 });
    expect((await listAudit(db(), { tenantId: 'tnt_b', limit: 1 }))[0]!.seq).toBe(rotation!.seq);
    expect(await verifyAudit(db())).toMatchObject([{ tenantId: 'tnt_a', ok: true }, { tenantId: 'tnt_b', ok: true }]);
  });
});
