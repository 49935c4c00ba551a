// The sign-in end-to-end world: a real sync server on PostgreSQL (the fixture site) and one
// browser-host station behind a fault proxy that can take it offline, driven in Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEnrollmentCode } from '@capliquify/server';
import { startAppProcess, type AppProcess } from './app-process';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { SITE, TENANT, startTestServer, type TestServer } from './sync-server';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');

export interface SignInWorld {
  server: TestServer;
  network: FaultProxy;
  page: Page;
  close(): Promise<void>;
}

/** The environment without this machine's own CapLiquify settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CAPLIQUIFY_|DATABASE_URL|REDIS_URL|DEMO_DATA|HOST_PORT|PORT$)/.test(key)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export interface SignInWorldOptions {
  /**
   * The station talks to the server through the fault proxy (default). The proxy hands over whole
   * answers, so the live stream (`GET /events`: pokes, job progress) only flows with `false`.
   */
  proxied?: boolean;
}

export async function startSignInWorld({ proxied = true }: SignInWorldOptions = {}): Promise<SignInWorld> {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  const server = await startTestServer('postgres', 'e2e-sign-in');
  const network = await startFaultProxy(server.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-sign-in-'));
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
  const host: AppProcess = await startAppProcess('npx', ['tsx', 'desktop/host/host.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ CAPLIQUIFY_SERVER_URL: proxied ? network.url : server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dir, HOST_PORT: '0', CAPLIQUIFY_ENROLLMENT_CODE: code, CAPLIQUIFY_STATION_NAME: 'Floor scanner' }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(host.readyUrl);
  return {
    server, network, page,
    async close() {
      await browser.close();
      await host.stop();
      await network.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
