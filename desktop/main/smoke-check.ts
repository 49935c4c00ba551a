import { app, type BrowserWindow } from 'electron';

const SMOKE_TIMEOUT_MS = 60_000;
const POLL_MS = 250;
const RENDERED = "Boolean(window.capliquify && window.capliquify.isElectron) && document.body.innerText.trim().length > 0";

/**
 * CI's Electron smoke test (`CAPLIQUIFY_SMOKE_TEST=1`): passes once the core reported ready and
 * the page rendered text under the sandbox and CSP with the preload bridge present, then quits
 * through the normal shutdown path (which closes the replica).
 */
export function runSmokeCheck(win: BrowserWindow, coreReady: Promise<void>, log: (message: string) => void): void {
  const fail = (reason: string) => {
    log(`smoke test failed: ${reason}`);
    app.exit(1);
  };
  const deadline = setTimeout(() => fail('the core or the page was not ready in time'), SMOKE_TIMEOUT_MS);
  win.webContents.once('did-fail-load', (_event, code, description) => fail(`page failed to load: ${code} ${description}`));
  win.webContents.once('render-process-gone', (_event, details) => fail(`renderer gone: ${details.reason}`));

  const poll = async () => {
    const rendered: unknown = await win.webContents.executeJavaScript(RENDERED).catch(() => false);
    if (rendered !== true) {
      setTimeout(() => void poll(), POLL_MS);
      return;
    }
    clearTimeout(deadline);
    log('smoke test passed');
    app.quit();
  };
  void coreReady.then(poll);
}
