import { randomBytes } from 'node:crypto';
import { commands, movementDelta, recordMovement, type Change, type CommandActor, type Entity, type PullRequest, type PullResponse, type PushedCommand, type Rejection } from '@capliquify/shared';
import type { FakeCatalog } from '../../test/fake-catalog';

export interface ServerRow { scope: string; entity: Entity; id: string; version: number; deleted: boolean; data: Record<string, unknown> | null }
export interface FakeDevice { id: string; secret: string; siteId: string; scopes: string[]; lastMutationId: number; revoked: boolean }

/** A refusal with one of the shared error codes, as the real server's error formatter sends it. */
export class ProtocolError extends Error {
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

type Position = { v: number; e: string; i: string };

const key = (r: { entity: string; id: string }) => `${r.entity}|${r.id}`;
const after = (r: Position, p: Position) => r.v !== p.v ? r.v > p.v : r.e !== p.e ? r.e > p.e : r.i > p.i;
const encode = (epoch: number, p: Position) => Buffer.from(JSON.stringify({ e: epoch, v: p.v, k: [p.e, p.i] })).toString('base64url');

/**
 * The protocol's rules in memory (../shared/DESIGN.md "Sync protocol"): per-scope versions,
 * keyset cursors with epochs, ids ≤ last ignored, gaps refused, permanent failures rejected with
 * the id advanced, movements applied once per movementId. The real server implements the same.
 */
export class FakeProtocolState {
  readonly rows = new Map<string, ServerRow>();
  readonly scopes = new Map<string, { version: number; epoch: number }>();
  readonly devices = new Map<string, FakeDevice>();
  readonly codes = new Map<string, string>();
  /** movementId → times applied; the exactly-once check of the tests. */
  readonly movements = new Map<string, number>();
  /** movementId → who made it (the command's actor), for the tests that check it travelled. */
  readonly movementActors = new Map<string, CommandActor>();
  readonly rejections = new Map<string, Map<number, Rejection>>();
  private nextDevice = 1;

  constructor(catalog: FakeCatalog) {
    for (const item of catalog.items) this.put('catalog', 'item', item.id, item);
    for (const site of catalog.sites) this.put(`site:${site.id}`, 'site', site.id, site);
    for (const location of catalog.locations) this.put(`site:${location.siteId}`, 'location', location.id, location);
    for (const s of catalog.stock) this.put(`site:${s.siteId}`, 'stock_level', `${s.locationId}|${s.itemId}`, s);
  }

  /** A server-side change (another device, an integration): bumps the scope's version. */
  put(scope: string, entity: Entity, id: string, data: object): ServerRow {
    const row: ServerRow = { scope, entity, id, version: this.bump(scope), deleted: false, data: { ...data } as Record<string, unknown> };
    this.rows.set(key(row), row);
    return row;
  }

  remove(scope: string, entity: Entity, id: string): void {
    this.rows.set(key({ entity, id }), { scope, entity, id, version: this.bump(scope), deleted: true, data: null });
  }

  /** A restore or compaction: every cursor of the scope becomes unusable. */
  resetEpoch(scope: string): void {
    const s = this.scope(scope);
    s.epoch += 1;
  }

  issueCode(siteId: string): string {
    const code = randomBytes(6).toString('hex');
    this.codes.set(code, siteId);
    return code;
  }

  enroll(code: string): { deviceId: string; credential: string; siteId: string; scopes: string[] } {
    const siteId = this.codes.get(code);
    if (!siteId) throw new ProtocolError('UNAUTHORIZED', 'That enrollment code is unknown, used or expired.');
    this.codes.delete(code);
    const device: FakeDevice = { id: `dev-${this.nextDevice++}`, secret: randomBytes(12).toString('hex'), siteId, scopes: ['catalog', `site:${siteId}`], lastMutationId: 0, revoked: false };
    this.devices.set(device.id, device);
    return { deviceId: device.id, credential: `${device.id}.${device.secret}`, siteId, scopes: device.scopes };
  }

  authenticate(header: string | undefined): FakeDevice {
    const match = /^Device ([^.]+)\.(.+)$/.exec(header ?? '');
    const device = match ? this.devices.get(match[1] ?? '') : undefined;
    if (!device || device.secret !== match?.[2]) throw new ProtocolError('UNAUTHORIZED', 'A valid device credential is required.');
    if (device.revoked) throw new ProtocolError('DEVICE_REVOKED', 'This device was revoked by an administrator; its unsent work is kept and can be exported.');
    return device;
  }

  /** Applies one command (its own "transaction"); returns the touched scopes. */
  apply(device: FakeDevice, command: PushedCommand): { scopes: string[]; rejection: Rejection | null } {
    if (command.mutationId <= device.lastMutationId) return { scopes: [], rejection: null };
    if (command.mutationId > device.lastMutationId + 1) {
      throw new ProtocolError('MUTATION_GAP', `Expected command ${device.lastMutationId + 1}, got ${command.mutationId}.`);
    }
    let outcome: { scopes: string[]; rejection: Rejection | null };
    try {
      outcome = { scopes: this.run(device, command), rejection: null };
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      const rejection = { mutationId: command.mutationId, name: command.name, code: error.code, reason: error.message };
      const mine = this.rejections.get(device.id) ?? new Map<number, Rejection>();
      mine.set(command.mutationId, rejection);
      this.rejections.set(device.id, mine);
      outcome = { scopes: [], rejection };
    }
    device.lastMutationId = command.mutationId;
    return outcome;
  }

  private run(device: FakeDevice, command: PushedCommand): string[] {
    if (!(command.name in commands)) throw new ProtocolError('UNKNOWN_COMMAND', `Unknown command ${command.name}.`);
    // The real server also checks who the actor is and what they may do; here only that there is one.
    if (!command.actor) throw new ProtocolError('FORBIDDEN', 'Sign in to record this: it was made with no one signed in at the station.');
    const parsed = recordMovement.args.safeParse(command.args);
    if (!parsed.success) throw new ProtocolError('VALIDATION_FAILED', parsed.error.issues.map((i) => i.message).join('; '));
    const a = parsed.data;
    if (a.siteId !== device.siteId) throw new ProtocolError('FORBIDDEN', `This device may not record movements at ${a.siteId}.`);
    if (this.movements.has(a.movementId)) return [];
    const scope = `site:${a.siteId}`;
    const id = `${a.locationId}|${a.itemId}`;
    const current = this.rows.get(key({ entity: 'stock_level', id }));
    const onHand = Number(current?.data?.onHand ?? 0);
    const next = Math.round((onHand + movementDelta(a.kind, a.quantity)) * 1e6) / 1e6;
    if (next < 0) throw new ProtocolError('COMMAND_REJECTED', `${a.kind} exceeds on-hand ${onHand} of item ${a.itemId} at ${a.locationId}`);
    this.movements.set(a.movementId, 1);
    this.movementActors.set(a.movementId, command.actor);
    this.put(scope, 'stock_level', id, { siteId: a.siteId, locationId: a.locationId, itemId: a.itemId, onHand: next });
    return [scope];
  }

  pull(device: FakeDevice, request: PullRequest): PullResponse {
    const changes: Change[] = [];
    const cursors: Record<string, string> = {};
    const resetScopes: string[] = [];
    let hasMore = false;
    for (const scope of [...device.scopes].sort()) {
      if (hasMore || changes.length >= request.limit) {
        hasMore = true;
        break;
      }
      const s = this.scope(scope);
      let position: Position | null = null;
      const raw = request.cursors[scope];
      if (raw) {
        const decoded = JSON.parse(Buffer.from(raw, 'base64url').toString()) as { e: number; v: number; k: [string, string] };
        if (decoded.e !== s.epoch || decoded.v > s.version) resetScopes.push(scope);
        else position = { v: decoded.v, e: decoded.k[0], i: decoded.k[1] };
      }
      const all = [...this.rows.values()].filter((r) => r.scope === scope).map((r) => ({ r, p: { v: r.version, e: r.entity, i: r.id } }))
        .sort((x, y) => (after(x.p, y.p) ? 1 : -1));
      const start = position;
      const rest = all.filter(({ r, p }) => (start ? after(p, start) : !r.deleted));
      const room = request.limit - changes.length;
      const taken = rest.slice(0, room);
      for (const { r } of taken) changes.push({ scope, entity: r.entity, id: r.id, version: r.version, deleted: r.deleted, data: r.data });
      hasMore = rest.length > taken.length;
      const end = hasMore ? taken.at(-1)?.p : all.at(-1)?.p;
      cursors[scope] = encode(s.epoch, end ?? start ?? { v: 0, e: '', i: '' });
    }
    const leftScopes = Object.keys(request.cursors).filter((scope) => !device.scopes.includes(scope));
    return { changes, cursors, resetScopes, leftScopes, scopes: device.scopes, hasMore, lastMutationId: device.lastMutationId };
  }

  /** Documents of one scope as a device should hold them, keyed `entity|id`. */
  snapshot(scopes: string[]): Map<string, unknown> {
    return new Map([...this.rows.values()].filter((r) => scopes.includes(r.scope) && !r.deleted).map((r) => [key(r), r.data]));
  }

  private scope(scope: string) {
    let s = this.scopes.get(scope);
    if (!s) this.scopes.set(scope, (s = { version: 0, epoch: 1 }));
    return s;
  }

  private bump(scope: string): number {
    const s = this.scope(scope);
    s.version += 1;
    return s.version;
  }
}
