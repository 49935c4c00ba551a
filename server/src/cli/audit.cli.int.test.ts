import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { ANN, BOB, buildPrivacyWorld } from '../../test/privacy-world';
import type { PersonExport } from '../privacy/privacy.service';
import { putSecret } from '../security/integration-secrets.service';
import { createSecretBox } from '../security/secret-box';

const key = (id: string) => ({ id, key: randomBytes(32) });
const keysVariable = (...keys: { id: string; key: Buffer }[]) => keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

describe('capliquify audit, secrets and privacy commands (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;
  const db = () => testDb.handle.db;
  /** The CLI with SECRETS_KEYS set for this one run (runCliHere clears stubs afterwards). */
  const withKeys = (keys: string, args: string[]) => {
    vi.stubEnv('SECRETS_KEYS', keys);
    return runCliHere(args, env);
  };

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-audit');
    await buildPrivacyWorld(db());
    env = { DATABASE_URL: testDb.config.databaseUrl!, CAPLIQUIFY_DATA_DIR: testDb.config.dataDir };
  });
  afterAll(() => testDb.cleanup());

  it('verifies intact chains with exit 0 and lists the newest entries', async () => {
    const res = await runCliHere(['audit', 'verify'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^audit log intact: 1 tenant\(s\), \d+ entries\n {2}tnt_demo: \d+ entries, head [0-9a-f]{16}…\n$/);
    const listed = await runCliHere(['audit', 'list', '--limit', '2'], env);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);
    expect(listed.stdout).toContain('count.approved  count_session:');
    expect((await runCliHere(['audit', 'list', '--limit', 'lots'], env)).stderr).toBe('capliquify: --limit must be an integer 1–10000 (got "lots")\n');
  });

  it('exports a person to a private file, and erases them only with --yes', async () => {
    const file = path.join(testDb.config.dataDir, 'ann.json');
    const exported = await runCliHere(['privacy', 'export', ANN.email, '--tenant', 'tnt_demo', '--out', file], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^wrote .*ann\.json: 2 sign-in\(s\), 2 audit entries, 2 count session\(s\), 2 count line\(s\), 1 approval row\(s\)\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(await readFile(file, 'utf8')) as PersonExport;
    expect(doc.person).toMatchObject({ id: ANN.id, email: ANN.email });

    const ambiguous = await runCliHere(['privacy', 'export', ANN.email], env);
    expect(ambiguous.stderr).toBe(`capliquify: ${ANN.email} is a person in tnt_demo, tnt_other; add --tenant <id>\n`);
    const unconfirmed = await runCliHere(['privacy', 'erase', ANN.email, '--tenant', 'tnt_demo'], env);
    expect([unconfirmed.code, unconfirmed.stderr]).toEqual([1, `capliquify: privacy erase anonymises ${ANN.email} for good; add --yes to confirm\n`]);

    const erased = await runCliHere(['privacy', 'erase', ANN.email, '--tenant', 'tnt_demo', '--yes', '--json'], env);
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ command: 'privacy erase', userId: ANN.id, alreadyErased: false, signInsRevoked: 2, countLines: 2 });
    const again = await runCliHere(['privacy', 'erase', ANN.id, '--yes'], env);
    expect(again.stdout).toBe(`${ANN.id} was already erased; nothing changed\n`);
    const byOldEmail = await runCliHere(['privacy', 'erase', ANN.email, '--tenant', 'tnt_demo', '--yes'], env);
    expect([byOldEmail.code, byOldEmail.stderr]).toEqual([1, `capliquify: failed: No person with e-mail ${ANN.email} in tenant tnt_demo.\n`]);
    expect((await runCliHere(['audit', 'verify'], env)).code).toBe(0);
  });

  it('re-seals secrets after a key rotation, and fails naming a secret it cannot open', async () => {
    const [k1, k2] = [key('k1'), key('k2')];
    await putSecret(db(), createSecretBox([k1]), { tenantId: 'tnt_demo' }, 'shopify.token', 'shpat_1');
    const rotated = await withKeys(keysVariable(k2, k1), ['secrets', 'rotate']);
    expect([rotated.code, rotated.stdout]).toEqual([0, '1 of 1 secret(s) re-sealed with key "k2"; older keys can now be removed from SECRETS_KEYS\n']);
    expect((await withKeys(keysVariable(k2), ['secrets', 'list'])).stdout).toMatch(/^tnt_demo {2}shopify\.token {2}key k2 {2}updated /);

    // Without SECRETS_KEYS the key file in the data folder seals, and k2's secret cannot be opened.
    const local = await runCliHere(['secrets', 'rotate'], env);
    expect(local.code).toBe(1);
    expect(local.stdout).toBe('0 of 1 secret(s) re-sealed with key "local"\n  cannot open tnt_demo/shopify.token: sealed with key "k2", which is not in SECRETS_KEYS\n');
    expect((await stat(path.join(testDb.config.dataDir, 'secrets.key'))).size).toBe(32);
  });

  it('exits 2 naming the tenant, seq and problem of the first bad entry', async () => {
    const entries = await db().selectFrom('audit_log').select(['seq', 'actor_user_id']).where('tenant_id', '=', 'tnt_demo').orderBy('seq').execute();
    const bobs = entries.find((e) => e.actor_user_id === BOB.id)!;
    await db().transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.updateTable('audit_log').set({ subject: 'device:dev_nothing' }).where('seq', '=', bobs.seq).execute();
    });
    const res = await runCliHere(['audit', 'verify'], env);
    expect(res.code).toBe(2);
    expect(res.stdout).toContain(`audit log BROKEN in 1 of 1 tenant(s)\n  tnt_demo: first bad entry seq ${bobs.seq} (edited): its content no longer matches its hash`);
    const json = JSON.parse((await runCliHere(['audit', 'verify', '--tenant', 'tnt_demo', '--json'], env)).stdout) as { ok: boolean; tenants: unknown[] };
    expect(json).toEqual({ command: 'audit verify', ok: false, tenants: [expect.objectContaining({ tenantId: 'tnt_demo', seq: bobs.seq, problem: 'edited' })] });
  });
});
