import { randomUUID } from 'node:crypto';
import type { PushedCommand } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { pullAll, push } from './sync';

/** A device's outbox: numbers its commands 1, 2, 3… as the desktop does. */
export function outbox(): (name: string, args: Record<string, unknown>) => PushedCommand {
  let next = 1;
  return (name, args) => ({ mutationId: next++, name, args, createdAt: new Date().toISOString() });
}

/** `counting.createSession` args: a full count of both fixture locations unless overridden. */
export function sessionArgs(overrides: Record<string, unknown> = {}): Record<string, unknown> & { sessionId: string } {
  return {
    sessionId: randomUUID(), siteId: 'site_a', name: 'Aisles count', kind: 'full', blind: false, locationIds: ['loc_a1', 'loc_a2'],
    itemIds: null, toleranceQtyPct: 5, toleranceValueMinor: 10_000, counters: [], by: 'Maria', ...overrides,
  } as Record<string, unknown> & { sessionId: string };
}

/** `counting.recordLine` args: one bolt (by its EAN-13) at A-01, counted now, unless overridden. */
export function lineArgs(sessionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> & { lineId: string } {
  return {
    lineId: randomUUID(), sessionId, locationId: 'loc_a1', itemId: null, barcode: '4006381333931', lot: null, expiry: null,
    quantity: 1, counter: 'Ali', countedAt: new Date().toISOString(), ...overrides,
  } as Record<string, unknown> & { lineId: string };
}

/** The documents of a site scope as a fresh device pulls them: `<entity>/<id>` → data (tombstones left out). */
export async function siteDocuments(app: FastifyInstance, credential: string, siteId = 'site_a'): Promise<Map<string, Record<string, unknown>>> {
  const { pages } = await pullAll(app, credential, {});
  const docs = new Map<string, Record<string, unknown>>();
  for (const change of pages.flatMap((p) => p.changes)) {
    if (change.scope !== `site:${siteId}`) continue;
    if (change.deleted || !change.data) docs.delete(`${change.entity}/${change.id}`);
    else docs.set(`${change.entity}/${change.id}`, change.data);
  }
  return docs;
}

/** Pushes commands and checks the server took every one of them, rejecting none. */
export async function pushAccepted(app: FastifyInstance, credential: string, commands: PushedCommand[]): Promise<void> {
  const res = await push(app, credential, commands);
  expect(res.data).toEqual({ lastMutationId: commands.at(-1)!.mutationId, rejections: [] });
}
