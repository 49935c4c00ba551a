import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { IPC, WINDOW_PORT_MESSAGE, WINDOW_PORT_REQUEST_MESSAGE } from '../main/ipc-channels';
import { answerPortRequests, forwardCorePorts, listenToMain, sendToMain, type BridgeIpc, type BridgeWindow } from './port-bridge';

// ipcRenderer and window exist only inside Electron; these record what the bridge does with them.
class RecordingIpc implements BridgeIpc {
  readonly listeners = new Map<string, (event: { ports: readonly unknown[] }) => void>();
  readonly sent: string[] = [];
  on(channel: string, listener: (event: { ports: readonly unknown[] }) => void) {
    this.listeners.set(channel, listener);
  }
  send(channel: string) {
    this.sent.push(channel);
  }
}

function recordingWindow(origin: string) {
  const posted: Array<{ message: unknown; targetOrigin: string; transfer: unknown[] | undefined }> = [];
  const listeners: Array<(event: { data: unknown; source: unknown }) => void> = [];
  const win: BridgeWindow = {
    location: { origin },
    postMessage: (message, targetOrigin, transfer) => posted.push({ message, targetOrigin, transfer }),
    addEventListener: (_type, listener) => listeners.push(listener),
  };
  const dispatch = (data: unknown, source: unknown = win) => listeners.forEach((listener) => listener({ data, source }));
  return { win, posted, dispatch };
}

describe('forwardCorePorts', () => {
  it('listens only on the port channel and hands the port to the page, addressed to its own origin', () => {
    const ipc = new RecordingIpc();
    const { win, posted } = recordingWindow('app://capliquify');
    forwardCorePorts(ipc, win);
    expect([...ipc.listeners.keys()]).toEqual([IPC.port]);

    const { port1, port2 } = new MessageChannel();
    ipc.listeners.get(IPC.port)?.({ ports: [port2] });
    expect(posted).toEqual([{ message: WINDOW_PORT_MESSAGE, targetOrigin: 'app://capliquify', transfer: [port2] }]);
    port1.close();
  });

  it('ignores a message without exactly one port', () => {
    const ipc = new RecordingIpc();
    const { win, posted } = recordingWindow('app://capliquify');
    forwardCorePorts(ipc, win);
    const a = new MessageChannel();
    const b = new MessageChannel();
    ipc.listeners.get(IPC.port)?.({ ports: [] });
    ipc.listeners.get(IPC.port)?.({ ports: [a.port2, b.port2] });
    expect(posted).toEqual([]);
    a.port1.close();
    b.port1.close();
  });
});

describe('answerPortRequests', () => {
  it('asks main for a port each time the page says it listens', () => {
    const ipc = new RecordingIpc();
    const { win, dispatch } = recordingWindow('app://capliquify');
    answerPortRequests(ipc, win);
    dispatch(WINDOW_PORT_REQUEST_MESSAGE);
    dispatch(WINDOW_PORT_REQUEST_MESSAGE);
    expect(ipc.sent).toEqual([IPC.requestPort, IPC.requestPort]);
  });

  it('ignores other messages and requests from other windows (frames, openers)', () => {
    const ipc = new RecordingIpc();
    const { win, dispatch } = recordingWindow('app://capliquify');
    answerPortRequests(ipc, win);
    dispatch('hello');
    dispatch({ type: WINDOW_PORT_REQUEST_MESSAGE });
    dispatch(WINDOW_PORT_REQUEST_MESSAGE, { some: 'iframe' });
    expect(ipc.sent).toEqual([]);
  });
});

describe('the preload IPC guards', () => {
  it('refuse to listen or send on a channel outside its direction list', () => {
    const ipc = new RecordingIpc();
    for (const channel of ['capliquify:open-file', 'ELECTRON_BROWSER_REQUIRE', IPC.requestPort]) {
      expect(() => listenToMain(ipc, channel, () => undefined)).toThrow(`preload may not listen on ${channel}`);
    }
    for (const channel of ['capliquify:open-file', 'ELECTRON_BROWSER_REQUIRE', IPC.port]) {
      expect(() => sendToMain(ipc, channel)).toThrow(`preload may not send on ${channel}`);
    }
    expect({ listened: [...ipc.listeners.keys()], sent: ipc.sent }).toEqual({ listened: [], sent: [] });
  });
});
