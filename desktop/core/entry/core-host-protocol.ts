// Types and parsing of the messages between Electron main and the core's utility process. Main
// imports only the types (it never loads core code), so the literals below are the contract.
import { z } from 'zod';
import type { CoreNotice } from '../updates/core-updates.service';
import type { StationFacts } from '../updates/station-facts';
import { updateViewSchema, type UpdateView } from '../updates/update-view';

/**
 * main → core. `connect` carries one MessagePort in `ports[0]` for one renderer. The updater asks
 * for the station's facts (after holding writes, for `quiesce`), releases them, and hands over
 * what the update banner shows.
 */
export type ParentToCoreMessage =
  | { type: 'capliquify:connect' }
  | { type: 'capliquify:shutdown' }
  | { type: 'capliquify:station-facts'; id: number }
  | { type: 'capliquify:quiesce'; id: number; timeoutMs: number }
  | { type: 'capliquify:resume' }
  | { type: 'capliquify:update-view'; view: UpdateView };

/** core → main. `station-facts` answers a request by its id, with the facts or why there are none. */
export type CoreToParentMessage =
  | { type: 'capliquify:ready'; deviceId: string }
  | { type: 'capliquify:fatal'; message: string }
  | { type: 'capliquify:station-facts'; id: number; facts: StationFacts }
  | { type: 'capliquify:station-facts'; id: number; error: string }
  | { type: 'capliquify:notice'; notice: CoreNotice };

const requestId = z.number().int().nonnegative();
const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('capliquify:connect') }),
  z.object({ type: z.literal('capliquify:shutdown') }),
  z.object({ type: z.literal('capliquify:station-facts'), id: requestId }),
  z.object({ type: z.literal('capliquify:quiesce'), id: requestId, timeoutMs: z.number().int().min(0).max(60_000) }),
  z.object({ type: z.literal('capliquify:resume') }),
  z.object({ type: z.literal('capliquify:update-view'), view: updateViewSchema }),
]);

/** The message main sent, with unknown fields dropped; null for anything else. */
export function parseParentMessage(data: unknown): ParentToCoreMessage | null {
  const parsed = parentMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
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
