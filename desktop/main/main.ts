// Composition root of Electron main: windows, the port bridge to the core, the menu. Every
// decision lives in the tested modules it wires together (security-policy, app-protocol, …).
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron';
import { menuTemplate } from './app-menu';
import { appPaths } from './app-paths';
import { coreProcessEnv } from './core-env';
import { startCoreProcess, type CoreProcess } from './core-process';
import { guardWebContents } from './guard-web-contents';
import { hardenSession } from './harden-session';
import { handlePortRequests, sendCorePort } from './renderer-ports';
import { APP_ORIGIN, APP_SCHEME } from './security-policy';
import { runSmokeCheck } from './smoke-check';
import { startUpdater } from './updater';
import { createCoreLink } from './updates/core-link';
import { loadUpdaterConfig, type UpdaterConfig } from './updates/updater-config';
import { mainWindowOptions } from './window-options';

// Before `ready`: a standard, secure scheme gets a real origin for CSP, fetch and storage.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const paths = appPaths(__dirname);
const log = (message: string) => console.log(`[main] ${message}`);
let core: CoreProcess | null = null;
let coreStopped = false;
let resolveCoreReady: () => void = () => undefined;
const coreReady = new Promise<void>((resolve) => (resolveCoreReady = resolve));

if (!app.requestSingleInstanceLock()) {
  // A second instance would open the same replica; the running one comes to the front instead.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (url) => shell.openExternal(url)));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (core === null || coreStopped) return;
    // Let the core close its replica (WAL checkpoint) before the process goes away.
    event.preventDefault();
    void core.stop().then(() => {
      coreStopped = true;
      app.quit();
    });
  });
  void app.whenReady().then(start);
}

function start(): void {
  let updates: UpdaterConfig;
  try {
    updates = loadUpdaterConfig(process.env, { version: app.getVersion(), isPackaged: app.isPackaged });
  } catch (error) {
    dialog.showErrorBox('CapLiquify cannot start', (error as Error).message);
    app.quit();
    return;
  }
  const coreLink = createCoreLink((message) => core?.post(message) ?? false);
  hardenSession(session.defaultSession, paths.renderer);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, appName: app.name, isPackaged: app.isPackaged })));
  core = startCoreProcess({
    modulePath: paths.core,
    env: coreProcessEnv(process.env, app.getPath('userData'), { version: updates.appVersion, channel: updates.channel }),
    log,
    onReady: (deviceId) => {
      log(`desktop core ready (device ${deviceId})`);
      // A restarted core starts with no banner state.
      coreLink.republish();
      resolveCoreReady();
    },
    onMessage: (message) => coreLink.receive(message),
    onRestart: () => {
      for (const win of BrowserWindow.getAllWindows()) if (core) sendCorePort(win.webContents, core);
    },
    onGiveUp: (reason) => {
      dialog.showErrorBox('CapLiquify cannot start', `The local database process keeps stopping.${reason ? `\n\n${reason}` : ''}`);
      app.quit();
    },
  });
  handlePortRequests(core, log);
  startUpdater(updates, coreLink, log);
  const win = createWindow();
  if (process.env.CAPLIQUIFY_SMOKE_TEST === '1') runSmokeCheck(win, coreReady, log);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath: paths.preload, appVersion: app.getVersion() }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

function focusMainWindow(): void {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}
