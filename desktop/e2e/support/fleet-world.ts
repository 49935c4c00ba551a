// The Fleet end-to-end world: a real sync server on PostgreSQL whose "data at risk" threshold is
// five minutes, an admin's browser-host station driven in Chromium, and two more stations:
// - a press-line scanner: a whole desktop core in this process (it sends its app version with
//   every call and its health with every pull, and keeps its log lines for diagnostics), which
//   can be "updated" by restarting it as another version on the same replica;
// - a dock scanner behind its own faultable network, whose clock stamps its work ten minutes back
//   (the outage it has been through), reporting as a Windows PC.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEnrollmentCode } from '@capliquify/server';
import { createLogger } from '../../core/config/create-logger';
import { loadDesktopConfig } from '../../core/config/load-desktop-config';
import { createCore, REPLICA_FILE, type Core } from '../../core/create-core';
import { createDeviceHealthReporter } from '../../core/device/device-health';
import { createLogRing } from '../../core/diagnostics/log-ring';
import { openReplica } from '../../core/replica/open-replica';
import { SyncMetaKey, getSyncMeta } from '../../core/sync-engine/outbox.repo';
import type { SyncEngineOptions } from '../../core/sync-engine/sync-engine.service';
import { startAppProcess, type AppProcess } from './app-process';
import { SITE, TENANT, openStation, startTestServer, type Station, type TestServer } from './sync-server';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');

export const DATA_AT_RISK_MINUTES = 5;
/** How long ago the dock scanner's offline work was made, as its clock says. */
export const OUTAGE_MINUTES = 10;

export interface CoreStation {
  core: Core;
  name: string;
  /** Pushes and pulls now; throws if the sync failed. */
  sync(): Promise<void>;
  /** The device credential electron-updater sends with its update checks. */
  credential(): Promise<string>;
}

export interface FleetWorld {
  server: TestServer;
  page: Page;
  /** The press-line scanner as it runs now. */
  press(): CoreStation;
  /** Quits the press-line scanner and starts it again as `version` (an installed update), on the same replica. */
  restartPress(version: string): Promise<CoreStation>;
  dock: Station;
  close(): Promise<void>;
}

/** The environment without this machine's own CapLiquify settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CAPLIQUIFY_|DATABASE_URL|REDIS_URL|DEMO_DATA|HOST_PORT|PORT$)/.test(key)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

async function startCoreStation(server: TestServer, dir: string, name: string, version: string): Promise<CoreStation> {
  const enrolled = fs.existsSync(path.join(dir, REPLICA_FILE));
  const enrollWith = enrolled ? undefined : { code: (await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE })).code, name };
  const logRing = createLogRing();
  const config = loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dir, CAPLIQUIFY_APP_VERSION: version, LOG_LEVEL: 'silent' });
  const core = await createCore(config, { logger: createLogger('silent', 'desktop', logRing), logRing, enrollWith });
  const station: CoreStation = {
    core, name,
    async sync() {
      const status = await core.createContext().engine.syncNow();
      if (status.lastError !== null) throw new Error(`${name} did not sync: ${status.lastError}`);
    },
    async credential() {
      const replica = await openReplica(path.join(dir, REPLICA_FILE));
      try {
        const credential = await getSyncMeta(replica.db, SyncMetaKey.Credential);
        if (!credential) throw new Error(`${name} is not enrolled`);
        return credential;
      } finally {
        await replica.close();
      }
    },
  };
  await station.sync();
  return station;
}

export async function startFleetWorld(): Promise<FleetWorld> {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  const server = await startTestServer('postgres', 'e2e-fleet', { env: { FLEET_DATA_AT_RISK_MINUTES: String(DATA_AT_RISK_MINUTES) } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-fleet-'));
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
  // Straight to the server: the admin's screens call it through this station's core.
  const host: AppProcess = await startAppProcess('npx', ['tsx', 'desktop/host/host.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: path.join(dir, 'admin'), HOST_PORT: '0', CAPLIQUIFY_ENROLLMENT_CODE: code, CAPLIQUIFY_STATION_NAME: 'Admin desk', CAPLIQUIFY_APP_VERSION: '1.0.0' }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });

  const pressDir = path.join(dir, 'press');
  let press = await startCoreStation(server, pressDir, 'Press line scanner', '1.0.0');

  // The dock scanner reports its health with every pull, as a Windows PC running 1.0.0.
  let report: NonNullable<SyncEngineOptions['health']> | null = null;
  const clockBack = () => new Date(Date.now() - OUTAGE_MINUTES * 60_000);
  const dock = await openStation(server, path.join(dir, 'Dock scanner'), { engine: { health: (status) => report!(status), now: clockBack } });
  report = createDeviceHealthReporter({ db: dock.replica.db, appVersion: '1.0.0', channel: 'stable', dataDir: dir, os: 'win32 10.0.22631 x64' });
  await dock.engine.syncNow();

  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ locale: 'en-US', acceptDownloads: true });
  page.setDefaultTimeout(30_000);
  await page.goto(host.readyUrl);

  return {
    server, page, dock,
    press: () => press,
    async restartPress(version) {
      await press.core.close();
      press = await startCoreStation(server, pressDir, 'Press line scanner', version);
      return press;
    },
    async close() {
      await browser.close();
      await host.stop();
      await press.core.close();
      await dock.quit();
      await dock.network.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
