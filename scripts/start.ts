// `npm start`: the whole platform on one machine. Migrates and seeds the embedded database on first
// run, starts the sync server and the browser host (the desktop core + renderer over HTTP), and
// prints where to go. Ctrl-C stops everything cleanly.
import { createLocalStationCode, DEMO_SIGN_IN, loadServerConfig, runEntry, startApi, startDemoIntegrations } from '@capliquify/server';
import { createCore, loadDesktopConfig, startHost } from '../desktop/host/index';
import { ensureRendererBuilt } from './lib/renderer-build';

runEntry('capliquify', async () => {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const envConfig = loadServerConfig(process.env);
    const rendererDir = await ensureRendererBuilt((line) => console.log(line));

    const demo = envConfig.demoIntegrations === 'fake' ? await startDemoIntegrations() : null;
    if (demo) {
      closers.push(() => demo.close()); // closed after the API (closers run in reverse): no sync is left talking to a closed fake
      // The integration jobs read the vendors' app settings from this process's environment, as a
      // worker's would: the fakes' demo credentials and endpoints go there, then into the config.
      Object.assign(process.env, demo.env);
    }
    const serverConfig = demo ? loadServerConfig(process.env) : envConfig;
    const api = await startApi(serverConfig, { beforeServe: demo ? async (db) => { await demo.connect(db, serverConfig); } : undefined });
    closers.push(() => api.close());

    const desktopConfig = loadDesktopConfig({
      ...process.env,
      CAPLIQUIFY_SERVER_URL: api.url,
      CAPLIQUIFY_DATA_DIR: serverConfig.dataDir,
    });
    // This computer's browser host is a station like any other: it enrols with a one-time code
    // (used only if its replica holds no credential yet).
    const stationName = 'This computer (npm start)';
    const { code } = await createLocalStationCode(api.db, stationName);
    const core = await createCore(desktopConfig, { enrollWith: { code, name: stationName } });
    closers.push(() => core.close());
    core.startSync();

    const host = await startHost({ core, port: desktopConfig.hostPort, rendererDir });
    closers.push(() => host.close());

    console.log(`server: ${api.url}  (database: ${serverConfig.databaseUrl ? 'PostgreSQL' : `PGlite in ${serverConfig.dataDir}`})`);
    if (serverConfig.demoData !== 'none') {
      console.log(`sign-in: ${DEMO_SIGN_IN.people.map((p) => p.email).join(', ')}  (password: ${DEMO_SIGN_IN.password})`);
    }
    if (demo) console.log(demo.summary);
    console.log(`ready: ${host.url}`);
    return closeAll;
  } catch (error) {
    await closeAll(); // what did start must not keep the process (or the PGlite folder) alive
    throw error;
  }
}, (message) => console.log(message));
