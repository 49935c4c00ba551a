import { describe, expect, it } from 'vitest';
import { guardWebContents, type GuardedContents } from './guard-web-contents';

// A WebContents exists only inside Electron: this one records what the guard hooks and lets the
// test fire the events Chromium would, as Electron's own objects carry them (`event.url`).
function guardedContents() {
  const listeners = new Map<string, (event: unknown) => void>();
  let openHandler: ((details: { url: string; frameName: string; disposition: string }) => { action: string }) | undefined;
  const opened: string[] = [];
  const contents = {
    on(name: string, listener: (event: unknown) => void) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  };
  guardWebContents(contents as unknown as GuardedContents, async (url) => {
    opened.push(url);
  });
  /** Fires `name` for `url`; true when the guard cancelled it. */
  const fire = (name: string, url = 'app://capliquify/index.html') => {
    const listener = listeners.get(name);
    if (!listener) throw new Error(`the guard does not handle ${name}`);
    let prevented = false;
    listener({ url, preventDefault: () => { prevented = true; } });
    return prevented;
  };
  const windowOpen = (url: string) => {
    if (!openHandler) throw new Error('the guard set no window-open handler');
    return openHandler({ url, frameName: '', disposition: 'new-window' });
  };
  return { fire, windowOpen, opened };
}

const FOREIGN = [
  'https://evil.test/phish',
  'http://127.0.0.1:4000/',
  'file:///etc/passwd',
  'app://evil/index.html',
  'app://capliquify@evil.test/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
];

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('lets %s stay within the app', (name) => {
    const { fire } = guardedContents();
    expect(fire(name, 'app://capliquify/index.html#/counting')).toBe(false);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('cancels %s to anything but the app origin', (name) => {
    const { fire } = guardedContents();
    for (const url of FOREIGN) expect({ url, prevented: fire(name, url) }).toEqual({ url, prevented: true });
  });

  it('refuses to attach any webview, even one showing the app', () => {
    const { fire } = guardedContents();
    expect(fire('will-attach-webview', 'app://capliquify/index.html')).toBe(true);
  });

  it('denies every window.open, handing only https links to the system browser', () => {
    const { windowOpen, opened } = guardedContents();
    for (const url of ['https://docs.capliquify.dev/help', 'app://capliquify/index.html', ...FOREIGN, 'ms-msdt:/id PCWDiagnostic', 'https://user:pw@evil.test/']) {
      expect(windowOpen(url)).toEqual({ action: 'deny' });
    }
    // An https page may be anyone's, but in the system browser it is only a web page.
    expect(opened).toEqual(['https://docs.capliquify.dev/help', 'https://evil.test/phish']);
  });
});
