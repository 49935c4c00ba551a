// Types and parsing of the messages between Electron main and the core's utility process. Main
// imports only the types (it never loads core code), so the literals below are the contract.

/** main → core. `connect` carries one MessagePort in `ports[0]` for one renderer. */
export type ParentToCoreMessage = { type: 'capliquify:connect' } | { type: 'capliquify:shutdown' };

/** core → main. */
export type CoreToParentMessage = { type: 'capliquify:ready'; deviceId: string } | { type: 'capliquify:fatal'; message: string };

const PARENT_TYPES: ReadonlySet<string> = new Set(['capliquify:connect', 'capliquify:shutdown']);

export function parseParentMessage(data: unknown): ParentToCoreMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' && PARENT_TYPES.has(type) ? ({ type } as ParentToCoreMessage) : null;
}

export function parseCoreMessage(data: unknown): CoreToParentMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.type === 'capliquify:ready' && typeof message.deviceId === 'string') {
    return { type: 'capliquify:ready', deviceId: message.deviceId };
  }
  if (message.type === 'capliquify:fatal' && typeof message.message === 'string') {
    return { type: 'capliquify:fatal', message: message.message };
  }
  return null;
}
