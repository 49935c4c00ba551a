import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../../db/create-database';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { deviceHeaders, enrollTestDevice, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import type { ServerConfig } from '../../config';
import { publishRelease, type PublishResult } from '../../domains/fleet/release-publish.service';
import type { RingPromotion } from '../../domains/fleet/rollout-rings';
import { ArtifactStore } from '../artifact-store';

/** A fake build's artifacts: random bytes under electron-builder's names for this version. */
export function fakeBuild(version: string, size = 64 * 1024): Record<string, Buffer> {
  return {
    [`CapLiquify-Setup-${version}.exe`]: randomBytes(size),
    [`CapLiquify-Setup-${version}.exe.blockmap`]: randomBytes(512),
    [`CapLiquify-${version}-arm64-mac.zip`]: randomBytes(size / 2),
    [`CapLiquify-${version}-x86_64.AppImage`]: randomBytes(size / 4),
    'latest.yml': Buffer.from('version: ignored\n'),
  };
}

export const sha512Base64 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

export interface FleetWorld {
  testDb: TestDatabase;
  app: FastifyInstance;
  config: ServerConfig;
  store: ArtifactStore;
  /** http://127.0.0.1:<port> once `listen()` was called. */
  baseUrl: string;
  listen(): Promise<string>;
  /** Headers of a new admin of every site who passed (or not) a second factor. */
  admin(options?: { mfa?: boolean; tenantId?: string }): Promise<{ headers: Record<string, string>; userId: string }>;
  enroll(siteId?: string): Promise<{ deviceId: string; credential: string; headers: Record<string, string> }>;
  publish(version: string, files: Record<string, Buffer>, options?: { channel?: string; ring?: RingPromotion }): Promise<PublishResult>;
  close(): Promise<void>;
}

/** The fixture's tenants (tnt_demo with site_a and site_b; tnt_other), an app on a fresh database, files in its data folder. */
export async function openFleetWorld(kind: DatabaseKind, label: string, env: NodeJS.ProcessEnv = {}): Promise<FleetWorld> {
  const testDb = await openTestDatabase(kind, label);
  const db = testDb.handle.db;
  await insertFixture(db);
  await db.insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'PLANT-B', name: 'Plant B', kind: 'plant', timezone: 'UTC' }).execute();
  const config = identityTestConfig({ CAPLIQUIFY_DATA_DIR: testDb.config.dataDir, RATE_LIMIT_PER_MINUTE: '1000000', TENANT_RATE_LIMIT_PER_MINUTE: '1000000', ...env });
  const app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));
  const store = new ArtifactStore(config.fleet.updatesDir);
  const world: FleetWorld = {
    testDb, app, config, store, baseUrl: '',
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      world.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      return world.baseUrl;
    },
    async admin({ mfa = true, tenantId = 'tnt_demo' } = {}) {
      const person = await insertPerson(db, { tenantId });
      const signInId = await insertSignIn(db, person, null, { mfa });
      const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa }, new Date());
      return { headers: { ...VERSION_HEADERS, authorization: `Bearer ${token}` }, userId: person.userId };
    },
    async enroll(siteId = 'site_a') {
      const enrolled = await enrollTestDevice(app, db, siteId, siteId === 'site_x' ? 'tnt_other' : 'tnt_demo');
      return { deviceId: enrolled.deviceId, credential: enrolled.credential, headers: deviceHeaders(enrolled.credential) };
    },
    publish(version, files, options = {}) {
      return publishRelease(db, store, { tenantId: 'tnt_demo', channel: options.channel ?? 'stable', version, ring: options.ring ?? null, actorUserId: null },
        Object.entries(files).map(([name, bytes]) => ({ name, open: () => Readable.from([bytes]) })), config.fleet.maxArtifactBytes);
    },
    async close() {
      await app.close();
      await testDb.cleanup();
    },
  };
  return world;
}
