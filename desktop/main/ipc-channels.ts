/**
 * The whole IPC surface between main and the preload. Requests flow renderer → main only to ask
 * for a MessagePort; every tRPC call then travels over that port straight to the core.
 */
export const IPC = {
  /** preload → main: "this page is ready, give it a port to the core". */
  requestPort: 'capliquify:request-port',
  /** main → preload: carries the MessagePort in `event.ports[0]`. */
  port: 'capliquify:port',
} as const;

/** The `window` message the renderer listens for; its `ports[0]` is the tRPC MessagePort. */
export const WINDOW_PORT_MESSAGE = 'capliquify:port';
/** The `window` message the renderer posts once it listens for a port (after each load). */
export const WINDOW_PORT_REQUEST_MESSAGE = 'capliquify:port-request';

const RENDERER_TO_MAIN: ReadonlySet<string> = new Set([IPC.requestPort]);
const MAIN_TO_RENDERER: ReadonlySet<string> = new Set([IPC.port]);

export function isRendererToMainChannel(channel: string): boolean {
  return RENDERER_TO_MAIN.has(channel);
}

export function isMainToRendererChannel(channel: string): boolean {
  return MAIN_TO_RENDERER.has(channel);
}

/** Prefix of the argument main passes the app version to the sandboxed preload with. */
export const VERSION_ARGUMENT = '--capliquify-version=';

/** Reads the version main handed over through `webPreferences.additionalArguments`. */
export function readVersionArgument(argv: readonly string[]): string {
  const arg = argv.find((value) => value.startsWith(VERSION_ARGUMENT));
  const version = arg?.slice(VERSION_ARGUMENT.length) ?? '';
  return /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version) ? version : 'unknown';
}
