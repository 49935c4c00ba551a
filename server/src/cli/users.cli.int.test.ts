import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/auth';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { runScript } from '../../test/spawn';
import { verifyPassword } from '../auth/password-hash';

interface Listed { users: { id: string; email: string; grants: { siteId: string | null; role: string }[] }[] }

describe('capliquify users (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;
  const hashOf = async (email: string) => (await testDb.handle.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash!;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-users');
    await insertFixture(testDb.handle.db);
    env = { DATABASE_URL: testDb.config.databaseUrl! };
  });
  afterAll(() => testDb.cleanup());

  it('creates people with a piped or a generated password, lists, grants, revokes and removes them', async () => {
    const piped = await runCliHere(['users', 'create', '--email', 'Ana@Example.com', '--name', 'Ana', '--role', 'admin', '--all-sites', '--password-stdin', '--json'], env, `${TEST_PASSWORD}\n`);
    expect(piped.code).toBe(0);
    const created = JSON.parse(piped.stdout) as { user: { id: string; email: string; grants: unknown[] }; password?: string };
    expect(created).toEqual({ command: 'users create', user: expect.objectContaining({ email: 'ana@example.com', grants: [{ siteId: null, role: 'admin' }] }) });
    expect(await verifyPassword(TEST_PASSWORD, await hashOf('ana@example.com'))).toBe(true);

    const generated = await runCliHere(['users', 'create', '--email', 'bo@example.com', '--name', 'Bo'], env);
    expect(generated.code).toBe(0);
    const password = /^password: (\S+)$/m.exec(generated.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(generated.stdout).toContain('(shown once');
    expect(await verifyPassword(password!, await hashOf('bo@example.com'))).toBe(true);

    expect((await runCliHere(['users', 'grant', 'BO@example.com', '--role', 'operator', '--site', 'site_a'], env)).stdout).toBe('bo@example.com: operator at site_a\n');
    expect((await runCliHere(['users', 'grant', 'bo@example.com', '--role', 'viewer', '--all-sites'], env)).stdout).toBe('bo@example.com: viewer at all sites, operator at site_a\n');
    expect((await runCliHere(['users', 'revoke', 'bo@example.com', '--site', 'site_a'], env)).stdout).toBe('bo@example.com: viewer at all sites\n');

    // The real executable, in its own process, sees the same people.
    const listed = await runScript('src/cli/main.ts', ['users', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as Listed).users.map((u) => [u.email, u.grants])).toEqual([
      ['ana@example.com', [{ siteId: null, role: 'admin' }]],
      ['bo@example.com', [{ siteId: null, role: 'viewer' }]],
    ]);

    const removed = await runCliHere(['users', 'remove', 'bo@example.com', '--json'], env);
    expect(JSON.parse(removed.stdout)).toMatchObject({ command: 'users remove', email: 'bo@example.com', removed: true, signInsRevoked: 0 });
    expect((await runCliHere(['users', 'list'], env)).stdout).toMatch(/^ana@example\.com {2}Ana {2}usr_\S+ {2}admin at all sites\n$/);
    const audit = await testDb.handle.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject', '=', `user:${created.user.id}`).execute();
    expect(audit).toEqual([{ action: 'user.created', actor_user_id: null }, { action: 'user.role_granted', actor_user_id: null }]);
  });

  it.each([
    [['users'], 'users needs create, list, grant, revoke or remove (got nothing)'],
    [['users', 'create', '--email', 'x@example.com'], 'users create needs --email <email> and --name <display name>'],
    [['users', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'boss', '--all-sites'], '--role must be admin, manager, operator or viewer (got "boss")'],
    [['users', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'viewer'], 'users create --role needs exactly one of --site <siteId> and --all-sites'],
    [['users', 'grant', 'ana@example.com', '--role', 'viewer', '--site', 'site_a', '--all-sites'], 'users grant needs exactly one of --site <siteId> and --all-sites'],
    [['users', 'revoke'], "users revoke needs the person's email; see `capliquify users list`"],
    [['users', 'remove', 'nobody@example.com'], 'failed: No user with the email nobody@example.com.'],
    [['users', 'grant', 'ana@example.com', '--role', 'viewer', '--site', 'site_x'], 'failed: No site "site_x".'],
    [['users', 'create', '--email', 'short@example.com', '--name', 'S', '--password-stdin'], 'failed: The password must have at least 12 characters.'],
  ])('fails %j with one line', async (args, line) => {
    const res = await runCliHere(args, env, 'too short\n');
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`capliquify: ${line}\n`);
  });
});
