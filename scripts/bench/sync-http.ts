import { randomUUID } from 'node:crypto';
import {
  DEVICE_AUTH_SCHEME, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, SYNC_PULL_PATH,
  type PullResponse, type PushedCommand, type PushResponse,
} from '@capliquify/shared';

// The sync calls over plain fetch, exactly as the desktop sends them (push through tRPC's httpLink
// without batching, pull through the plain route), so 200 simulated devices cost the bench little.

export function deviceHeaders(credential: string): Record<string, string> {
  return {
    [HEADER_PROTOCOL_VERSION]: String(PROTOCOL_VERSION),
    [HEADER_SCHEMA_VERSION]: String(SCHEMA_VERSION),
    authorization: `${DEVICE_AUTH_SCHEME} ${credential}`,
  };
}

async function answer<T>(res: Response, path: string): Promise<T> {
  const body = (await res.json()) as { result?: { data: T }; error?: { message?: string } };
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${body.error?.message ?? 'no result'}`);
  return body.result.data;
}

export async function pushCommands(url: string, credential: string, commands: PushedCommand[]): Promise<PushResponse> {
  const res = await fetch(`${url}/trpc/sync.push`, {
    method: 'POST', headers: { ...deviceHeaders(credential), 'content-type': 'application/json' }, body: JSON.stringify({ commands }),
  });
  return answer<PushResponse>(res, 'sync.push');
}

/** A pull over the plain route the desktop uses (`POST /sync/pull`; errors are problem+json). */
export async function pullChanges(url: string, credential: string, cursors: Record<string, string | null>, limit = 2_000): Promise<PullResponse> {
  const res = await fetch(`${url}${SYNC_PULL_PATH}`, {
    method: 'POST', headers: { ...deviceHeaders(credential), 'content-type': 'application/json' }, body: JSON.stringify({ cursors, limit }),
  });
  if (!res.ok) throw new Error(`${SYNC_PULL_PATH} answered ${res.status}: ${((await res.json()) as { detail?: string }).detail ?? 'no detail'}`);
  return (await res.json()) as PullResponse;
}

/** Pulls page after page until the device is caught up; returns its cursors. */
export async function pullToEnd(url: string, credential: string, limit: number): Promise<{ cursors: Record<string, string | null>; rows: number }> {
  const cursors: Record<string, string | null> = {};
  let rows = 0;
  for (let page = 0; page < 1_000; page += 1) {
    const data = await pullChanges(url, credential, cursors, limit);
    rows += data.changes.length;
    for (const scope of data.resetScopes) cursors[scope] = null;
    for (const scope of data.scopes) if (!(scope in cursors)) cursors[scope] = null;
    Object.assign(cursors, data.cursors);
    if (!data.hasMore) return { cursors, rows };
  }
  throw new Error('the pull did not finish in 1,000 pages');
}

export interface ReceiptTarget { siteId: string; locationId: string; itemId: string }

/** Args of an `inventory.recordMovement` receipt of one unit. */
export function receiptArgs(target: ReceiptTarget): Record<string, unknown> {
  return { movementId: randomUUID(), ...target, kind: 'receipt', quantity: 1 };
}
