import { randomUUID } from 'node:crypto';
import {
  PROTOCOL_VERSION, SCHEMA_VERSION, SYNC_PULL_PATH, type CommandActor, type EnrollResponse, type PullResponse, type PushedCommand, type PushResponse,
} from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema';
import { createEnrollmentCode } from '../src/sync/enrollment.service';
import { signInOnDevice } from './people';

export interface TrpcResult<T = unknown> {
  status: number;
  data: T;
  error?: { message: string; data: Record<string, unknown> };
}

export const VERSION_HEADERS = { 'x-capliquify-protocol': String(PROTOCOL_VERSION), 'x-capliquify-schema': String(SCHEMA_VERSION) };

export function deviceHeaders(credential: string): Record<string, string> {
  return { ...VERSION_HEADERS, authorization: `Device ${credential}` };
}

/** A tRPC mutation over HTTP, as the desktop's client sends it. */
export async function mutate<T>(app: FastifyInstance, path: string, input: unknown, headers: Record<string, string> = VERSION_HEADERS): Promise<TrpcResult<T>> {
  const res = await app.inject({ method: 'POST', url: `/trpc/${path}`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(input) });
  const body = res.json() as { result?: { data: T }; error?: TrpcResult['error'] };
  return { status: res.statusCode, data: body.result?.data as T, error: body.error };
}

export async function query<T>(app: FastifyInstance, path: string, input: unknown, headers: Record<string, string> = VERSION_HEADERS): Promise<TrpcResult<T>> {
  const res = await app.inject({ url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, headers });
  const body = res.json() as { result?: { data: T }; error?: TrpcResult['error'] };
  return { status: res.statusCode, data: body.result?.data as T, error: body.error };
}

/** Issues a code at `siteId` and enrolls a device with it through `sync.enroll`. */
export async function enrollTestDevice(app: FastifyInstance, db: Kysely<Database>, siteId = 'site_a', tenantId = 'tnt_demo'): Promise<EnrollResponse> {
  const { code } = await createEnrollmentCode(db, { tenantId, siteId });
  const res = await mutate<EnrollResponse>(app, 'sync.enroll', { code, name: 'Test station' });
  if (res.status !== 200) throw new Error(`enroll failed: ${JSON.stringify(res.error)}`);
  return res.data;
}

export function movementCommand(mutationId: number, args: Record<string, unknown>): PushedCommand {
  return {
    mutationId,
    name: 'inventory.recordMovement',
    args: { movementId: randomUUID(), siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', kind: 'receipt', quantity: 1, ...args },
    createdAt: new Date().toISOString(),
  };
}

const stationActors = new WeakMap<FastifyInstance, Map<string, Promise<CommandActor | undefined>>>();

/**
 * The person the helpers sign a device's commands with: an admin of every site of the device's
 * tenant who passed a second factor, signed in on that device (made on first use, then reused).
 * Undefined for a credential naming no device (those pushes are refused before any command runs).
 */
export function stationActor(app: FastifyInstance, credential: string): Promise<CommandActor | undefined> {
  const deviceId = credential.split('.')[0] ?? '';
  const byDevice = stationActors.get(app) ?? new Map<string, Promise<CommandActor | undefined>>();
  stationActors.set(app, byDevice);
  let actor = byDevice.get(deviceId);
  if (!actor) {
    actor = app.db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst()
      .then(async (found) => (found ? (await signInOnDevice(app.db, deviceId, { displayName: 'Station Admin' })).actor : undefined));
    byDevice.set(deviceId, actor);
  }
  return actor;
}

/**
 * `sync.push` as a desktop sends it. A command without an `actor` key gets the device's
 * `stationActor`; give one (or `actor: undefined`, which is sent as none) to push as someone else.
 */
export async function push(app: FastifyInstance, credential: string, commands: PushedCommand[]): Promise<TrpcResult<PushResponse>> {
  const unsigned = commands.some((c) => !('actor' in c));
  const actor = unsigned ? await stationActor(app, credential) : undefined;
  const signed = commands.map((c) => ('actor' in c || !actor ? c : { ...c, actor }));
  return mutate<PushResponse>(app, 'sync.push', { commands: signed }, deviceHeaders(credential));
}

/** `POST /sync/pull` as the desktop sends it; a problem+json answer lands in `error` like a tRPC one. */
export async function postPull(app: FastifyInstance, body: unknown, headers: Record<string, string>): Promise<TrpcResult<PullResponse>> {
  const res = await app.inject({ method: 'POST', url: SYNC_PULL_PATH, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const answer = res.json() as Record<string, unknown>;
  if (res.statusCode === 200) return { status: 200, data: answer as unknown as PullResponse };
  return { status: res.statusCode, data: undefined as unknown as PullResponse, error: { message: String(answer.detail ?? answer.title), data: answer } };
}

export function pull(app: FastifyInstance, credential: string, cursors: Record<string, string | null>, limit?: number): Promise<TrpcResult<PullResponse>> {
  return postPull(app, limit === undefined ? { cursors } : { cursors, limit }, deviceHeaders(credential));
}

/** Pulls until `hasMore` is false, following resets, as a device would; returns every page. */
export async function pullAll(app: FastifyInstance, credential: string, start: Record<string, string | null>, limit?: number): Promise<{ pages: PullResponse[]; cursors: Record<string, string | null> }> {
  const cursors = { ...start };
  const pages: PullResponse[] = [];
  for (let i = 0; i < 100; i += 1) {
    const res = await pull(app, credential, cursors, limit);
    if (res.status !== 200) throw new Error(`pull failed: ${JSON.stringify(res.error)}`);
    pages.push(res.data);
    for (const scope of res.data.leftScopes) delete cursors[scope];
    for (const scope of res.data.resetScopes) cursors[scope] = null;
    for (const scope of res.data.scopes) if (!(scope in cursors)) cursors[scope] = null;
    Object.assign(cursors, res.data.cursors);
    if (!res.data.hasMore) return { pages, cursors };
  }
  throw new Error('pull did not finish in 100 pages');
}
