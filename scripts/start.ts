// `npm start`: the whole platform on one machine. Migrates and seeds the embedded database on first
// run, starts the sync server and the browser host (the desktop core + renderer over HTTP), and
// prints where to go. Ctrl-C stops everything cleanly.
import { ConfigError, StartupError, loadServerConfig, startApi } from '@capliquify/server';
import { createCore, loadDesktopConfig, startHost } from '../desktop/host/index';
import { ensureRendererBuilt } from './lib/renderer-build';

type Closer = () => Promise<void>;

async function main(): Promise<void> {
  const closers: Closer[] = [];
  const shutdown = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping…`);
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        console.error(`error while stopping: ${(error as Error).message}`);
      }
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const serverConfig = loadServerConfig(process.env);
  const rendererDir = await ensureRendererBuilt((line) => console.log(line));

  const api = await startApi(serverConfig);
  closers.push(() => api.close());

  const desktopConfig = loadDesktopConfig({
    ...process.env,
    CAPLIQUIFY_SERVER_URL: api.url,
    CAPLIQUIFY_DATA_DIR: serverConfig.dataDir,
  });
  const core = await createCore(desktopConfig, {});
  closers.push(() => core.close());
  core.startSync();

  const host = await startHost({ core, port: desktopConfig.hostPort, rendererDir });
  closers.push(() => host.close());

  console.log(`server: ${api.url}  (database: ${serverConfig.databaseUrl ? 'PostgreSQL' : `PGlite in ${serverConfig.dataDir}`})`);
  console.log('sign-in: none yet in this build; built-in accounts and Clerk arrive with the identity work');
  console.log(`ready: ${host.url}`);
}

main().catch((error: unknown) => {
  // Known start-up failures are one human line; anything else too, with the stack only on request.
  const known = error instanceof ConfigError || error instanceof StartupError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`capliquify: ${known ? message : `failed to start: ${message}`}`);
  if (!known && process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(1);
});
