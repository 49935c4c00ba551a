import { describe, expect, it } from 'vitest';
import { IPC, isRendererToMainChannel } from './ipc-channels';
import { isAppMainFrame, listenForPortRequests, type PortRequestEvent } from './port-requests';

interface Sender { id: number; mainFrame: { url: string } }

// ipcMain exists only inside Electron: this one records the channels main listens on and lets
// the test deliver messages as Electron does (the sending frame and its web contents).
function recordingIpc() {
  const listeners = new Map<string, (event: PortRequestEvent<Sender>) => void>();
  return {
    listeners,
    on(channel: string, listener: (event: PortRequestEvent<Sender>) => void) {
      listeners.set(channel, listener);
    },
    /** Delivers a message on `channel` the way Electron would: only if main listens on it. */
    deliver(channel: string, event: PortRequestEvent<Sender>) {
      listeners.get(channel)?.(event);
    },
  };
}

function listening() {
  const ipc = recordingIpc();
  const answered: number[] = [];
  const refused: string[] = [];
  listenForPortRequests(ipc, (sender) => answered.push(sender.id), (message) => refused.push(message));
  return { ipc, answered, refused };
}

const appPage = () => {
  const mainFrame = { url: 'app://capliquify/index.html#/counting' };
  return { senderFrame: mainFrame, sender: { id: 1, mainFrame } };
};

describe('listenForPortRequests', () => {
  it('listens on the one renderer → main channel and nothing else', () => {
    const { ipc } = listening();
    expect([...ipc.listeners.keys()]).toEqual([IPC.requestPort]);
    expect([...ipc.listeners.keys()].every(isRendererToMainChannel)).toBe(true);
  });

  it("answers our page's top frame", () => {
    const { ipc, answered, refused } = listening();
    ipc.deliver(IPC.requestPort, appPage());
    expect({ answered, refused }).toEqual({ answered: [1], refused: [] });
  });

  it('leaves a message on any other channel unanswered', () => {
    const { ipc, answered } = listening();
    for (const channel of [IPC.port, 'capliquify:open-file', 'capliquify:request-port ', 'ELECTRON_BROWSER_REQUIRE', '']) ipc.deliver(channel, appPage());
    expect(answered).toEqual([]);
  });

  it('refuses a subframe, a foreign page, a spoofed origin and a destroyed frame', () => {
    const { ipc, answered, refused } = listening();
    const page = appPage();
    ipc.deliver(IPC.requestPort, { senderFrame: { url: 'app://capliquify/index.html' }, sender: page.sender });
    const foreign = { url: 'https://evil.test/' };
    ipc.deliver(IPC.requestPort, { senderFrame: foreign, sender: { id: 2, mainFrame: foreign } });
    const spoofed = { url: 'app://capliquify@evil.test/' };
    ipc.deliver(IPC.requestPort, { senderFrame: spoofed, sender: { id: 3, mainFrame: spoofed } });
    ipc.deliver(IPC.requestPort, { senderFrame: null, sender: page.sender });
    expect(answered).toEqual([]);
    expect(refused).toEqual([
      'refused a port request from app://capliquify/index.html',
      'refused a port request from https://evil.test/',
      'refused a port request from app://capliquify@evil.test/',
      'refused a port request from a destroyed frame',
    ]);
  });
});

describe('isAppMainFrame', () => {
  it('needs the very top frame object, showing the app', () => {
    const top = { url: 'app://capliquify/index.html' };
    expect(isAppMainFrame(top, top)).toBe(true);
    expect(isAppMainFrame({ ...top }, top)).toBe(false);
    expect(isAppMainFrame(null, top)).toBe(false);
  });
});
