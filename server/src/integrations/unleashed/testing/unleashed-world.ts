import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { openTestDatabase, type TestDatabase } from '../../../../test/databases';
import type { DatabaseKind } from '../../../db/create-database';
import { insertFixture } from '../../../../test/fixture';
import { silentLogger } from '../../../../test/logs';
import { createSecretBox, type SecretBox } from '../../../security/secret-box';
import type { Integration } from '../../integrations.repo';
import { findIntegration } from '../../integrations.repo';
import { startFakeUnleashed, type FakeUnleashed } from '../fake-unleashed.server';
import { unleashedAccountFixture } from '../fixtures/unleashed-account.fixture';
import { connectUnleashed, openUnleashedClient, type ClientTuning } from '../unleashed-connection.service';
import type { UnleashedClient } from '../unleashed.client';
import type { UnleashedSettingsInput } from '../unleashed-settings';
import type { UnleashedRuntime } from '../unleashed-runtime';
import type { SyncDeps } from '../unleashed-sync.service';

export const API_ID = 'b8c7e2f0-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
export const API_KEY = 'test-api-key-7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b';

/**
 * A fresh database (PostgreSQL unless told) with the test fixture, a fake Unleashed account seeded from the
 * recorded fixture, and an integration connected to it. The fake and the client share one clock.
 */
export interface UnleashedWorld {
  testDb: TestDatabase;
  db: TestDatabase['handle']['db'];
  box: SecretBox;
  fake: FakeUnleashed;
  integration: Integration;
  now(): Date;
  setNow(at: Date): void;
  /** Client retries without waiting, on the world's clock. */
  tuning: ClientTuning;
  client(log?: Logger): Promise<UnleashedClient>;
  deps(log?: Logger): SyncDeps;
  /** What the jobs get instead of this process's box and the real clock. */
  runtime: UnleashedRuntime;
  /** The integration as stored now (settings, status, last error). */
  reload(): Promise<Integration>;
  close(): Promise<void>;
}

export async function openUnleashedWorld(
  label: string, options: { kind?: DatabaseKind; settings?: UnleashedSettingsInput } = {},
): Promise<UnleashedWorld> {
  const testDb = await openTestDatabase(options.kind ?? 'postgres', label);
  const db = testDb.handle.db;
  await insertFixture(db);
  let clock = new Date('2026-01-10T12:00:00Z');
  const fake = await startFakeUnleashed({
    apiId: API_ID, apiKey: API_KEY, now: clock, data: unleashedAccountFixture(),
  });
  const box = createSecretBox([{ id: 'test', key: randomBytes(32) }]);
  const integration = await connectUnleashed(db, box, { tenantId: 'tnt_demo' }, {
    name: 'Unleashed main account', apiId: API_ID, apiKey: API_KEY, settings: { baseUrl: fake.url, ...options.settings },
  });
  const tuning: ClientTuning = { attempts: 3, baseDelayMs: 1, now: () => clock };
  const world: UnleashedWorld = {
    testDb, db, box, fake, integration, tuning,
    now: () => clock,
    setNow(at) {
      clock = at;
      fake.setNow(at);
    },
    client: async (log = silentLogger()) => openUnleashedClient(db, box, await world.reload(), log, tuning),
    deps: (log = silentLogger()) => ({ db, box, log, tuning }),
    runtime: { box: () => box, tuning },
    reload: async () => (await findIntegration(db, integration.id))!,
    async close() {
      await fake.close();
      await testDb.cleanup();
    },
  };
  return world;
}
