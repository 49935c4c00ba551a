import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRPCError, initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';
import {
  SYNC_PULL_PATH, enrollRequestSchema, pullRequestSchema, pushRequestSchema, type DeviceHealth, type PushResponse, type Rejection,
} from '@capliquify/shared';
import type { FakeCatalog } from '../../test/fake-catalog';
import { FakeAccounts } from './fake-accounts';
import { FakeProtocolState, ProtocolError, type FakeDevice } from './fake-protocol-state';

const TRPC_CODE: Record<string, TRPC_ERROR_CODE_KEY> = {
  UNAUTHORIZED: 'UNAUTHORIZED', DEVICE_REVOKED: 'UNAUTHORIZED', UPDATE_REQUIRED: 'PRECONDITION_FAILED',
  MUTATION_GAP: 'CONFLICT', SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE', SECOND_FACTOR_REQUIRED: 'UNAUTHORIZED', ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  CONFLICT: 'CONFLICT', BAD_REQUEST: 'BAD_REQUEST', FORBIDDEN: 'FORBIDDEN',
};

/** Faults a test arms; each counter is consumed by the next matching request. */
export interface Faults {
  /** Commit the push, then cut the connection before the answer leaves. */
  losePushResponses: number;
  /** Answer the pull, but cut the connection (nothing lost server-side; the device retries). */
  losePullResponses: number;
  /** Refuse with 503 before doing anything. */
  failPushes: number;
  failPulls: number;
  /** Apply this many commands of the next push, then stop as on a deadlock (transient). */
  stopPushAfter: number | null;
  /** Answer every call with UPDATE_REQUIRED. */
  updateRequired: boolean;
  /** Drop every connection, as a pulled network cable does. */
  offline: boolean;
  /** Refuse any request body over this many bytes with 413, as the real server's body limit does. */
  bodyLimitBytes: number | null;
}

export interface FakeProtocolServer {
  url: string;
  state: FakeProtocolState;
  /** People who can sign in through `auth.signIn`, the sign-ins made, their tokens and authenticators. */
  accounts: FakeAccounts;
  faults: Faults;
  /** Procedure paths called, in order. */
  calls: string[];
  /** The health report of every pull that carried one (checked against the wire schema), in order. */
  healthReports: DeviceHealth[];
  /** How many SSE clients are connected now. */
  liveClients(): number;
  /** Cuts every open event stream, as a proxy restart does. */
  dropStreams(): void;
  /** Pokes every connected device holding one of `scopes`. */
  poke(scopes: string[]): void;
  close(): Promise<void>;
}

interface Ctx { req: http.IncomingMessage; res: http.ServerResponse }

/**
 * A small sync server for the desktop's tests: `auth.signIn`, `auth.refresh`, `auth.beginTotp`, `auth.confirmTotp`,
 * `sync.enroll` and `sync.push` over tRPC at `/trpc`,
 * `POST /sync/pull` and `GET /events` (SSE), speaking the shared wire schemas and error codes.
 */
export async function startFakeProtocolServer(catalog: FakeCatalog): Promise<FakeProtocolServer> {
  const state = new FakeProtocolState(catalog);
  const accounts = new FakeAccounts();
  const faults: Faults = { losePushResponses: 0, losePullResponses: 0, failPushes: 0, failPulls: 0, stopPushAfter: null, updateRequired: false, offline: false, bodyLimitBytes: null };
  const calls: string[] = [];
  const healthReports: DeviceHealth[] = [];
  const streams = new Map<http.ServerResponse, FakeDevice>();

  const t = initTRPC.context<Ctx>().create({
    errorFormatter: ({ shape, error }) => ({
      ...shape,
      data: {
        ...shape.data,
        code: error.cause instanceof ProtocolError ? error.cause.code : shape.data.code === 'INTERNAL_SERVER_ERROR' ? 'INTERNAL' : shape.data.code,
        details: error.cause instanceof ProtocolError ? error.cause.details : undefined,
      },
    }),
  });
  const refuse = (code: string, message: string, details?: Record<string, unknown>) => {
    throw new TRPCError({ code: TRPC_CODE[code] ?? 'UNPROCESSABLE_CONTENT', message, cause: new ProtocolError(code, message, details) });
  };
  const guarded = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ProtocolError) refuse(error.code, error.message, error.details);
      throw error;
    }
  };
  const procedure = t.procedure.use(({ path, next }) => {
    calls.push(path);
    if (faults.updateRequired) refuse('UPDATE_REQUIRED', 'This server needs protocol 2; update the app.');
    return next();
  });
  // A person's own calls: `authorization: Bearer <access token>`, as the real server's userProcedure.
  const personProcedure = procedure.use(({ ctx, next }) => next({ ctx: { person: guarded(() => accounts.authenticate(ctx.req.headers.authorization)) } }));
  const deviceProcedure = procedure.use(({ ctx, next }) => next({ ctx: { device: guarded(() => state.authenticate(ctx.req.headers.authorization)) } }));
  const cut = (ctx: Ctx): never => {
    ctx.res.destroy();
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'connection cut' });
  };

  const signInInput = z.object({ email: z.string(), password: z.string(), totpCode: z.string().optional() });
  const router = t.router({
    auth: t.router({
      // Public like the real one; a device credential, when sent, binds the sign-in to that device.
      signIn: procedure.input(signInInput).mutation(({ ctx, input }) => guarded(() => {
        const device = ctx.req.headers.authorization ? state.authenticate(ctx.req.headers.authorization) : null;
        return accounts.signIn(device?.id ?? null, input);
      })),
      refresh: procedure.input(z.object({ refreshToken: z.string() })).mutation(({ input }) => guarded(() => accounts.refresh(input.refreshToken))),
      beginTotp: personProcedure.mutation(({ ctx }) => guarded(() => accounts.beginTotp(ctx.person))),
      confirmTotp: personProcedure.input(z.object({ code: z.string() })).mutation(({ ctx, input }) => guarded(() => accounts.confirmTotp(ctx.person, input.code))),
    }),
    // An admin procedure as the real server guards it (an admin's, tenant-wide), for the admin screens' error mapping.
    jobs: t.router({
      deadLetters: personProcedure.query(({ ctx }) => {
        if (!ctx.person.grants.some((g) => g.role === 'admin')) refuse('FORBIDDEN', 'This needs the admin role.');
        return [];
      }),
    }),
    sync: t.router({
      enroll: procedure.input(enrollRequestSchema).mutation(({ input }) => guarded(() => state.enroll(input.code))),
      push: deviceProcedure.input(pushRequestSchema).mutation(({ ctx, input }) => {
        if (faults.failPushes > 0) {
          faults.failPushes -= 1;
          refuse('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
        }
        const rejections: Rejection[] = [];
        const touched = new Set<string>();
        const limit = faults.stopPushAfter;
        faults.stopPushAfter = null;
        let applied = 0;
        for (const command of input.commands) {
          if (limit !== null && applied >= limit) {
            if (applied === 0) refuse('SERVICE_UNAVAILABLE', 'deadlock detected');
            break;
          }
          // A replayed id (response lost earlier) is acknowledged again with its stored rejection.
          const earlier = state.rejections.get(ctx.device.id)?.get(command.mutationId);
          if (command.mutationId <= ctx.device.lastMutationId && earlier) rejections.push(earlier);
          const outcome = guarded(() => state.apply(ctx.device, command));
          if (outcome.rejection) rejections.push(outcome.rejection);
          for (const scope of outcome.scopes) touched.add(scope);
          applied += 1;
        }
        server.poke([...touched]);
        if (faults.losePushResponses > 0) {
          faults.losePushResponses -= 1;
          cut(ctx);
        }
        return { lastMutationId: ctx.device.lastMutationId, rejections } satisfies PushResponse;
      }),
    }),
  });

  // The pull hot path as the real server serves it: a plain JSON route with problem+json errors.
  const problem = (res: http.ServerResponse, status: number, code: string, detail: string) => {
    res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail }));
  };
  const servePlainPull = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    calls.push('sync.pull');
    if (faults.updateRequired) return problem(res, 412, 'UPDATE_REQUIRED', 'This server needs protocol 2; update the app.');
    try {
      const device = state.authenticate(req.headers.authorization);
      const input = pullRequestSchema.parse(JSON.parse(Buffer.concat(chunks).toString() || '{}'));
      if (input.health) healthReports.push(input.health);
      if (faults.failPulls > 0) {
        faults.failPulls -= 1;
        return problem(res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
      }
      const answer = state.pull(device, input);
      if (faults.losePullResponses > 0) {
        faults.losePullResponses -= 1;
        return void res.destroy();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (error) {
      if (error instanceof ProtocolError) return problem(res, error.code === 'UNAUTHORIZED' || error.code === 'DEVICE_REVOKED' ? 401 : 422, error.code, error.message);
      return problem(res, 400, 'VALIDATION_FAILED', (error as Error).message);
    }
  };

  const trpc = createHTTPHandler({ router, basePath: '/trpc/', createContext: ({ req, res }) => ({ req, res }) });
  const httpServer = http.createServer((req, res) => {
    if (faults.offline) return req.socket.destroy();
    // Refused before any procedure runs, like Fastify's body limit (problem+json, not a tRPC answer).
    if (faults.bodyLimitBytes !== null && Number(req.headers['content-length'] ?? 0) > faults.bodyLimitBytes) {
      calls.push(`413 ${req.url ?? ''}`);
      req.resume();
      return problem(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body is too large');
    }
    if (req.url === '/events') return openStream(req, res);
    if (req.method === 'POST' && req.url === SYNC_PULL_PATH) return void servePlainPull(req, res);
    return trpc(req, res);
  });
  const openStream = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let device: FakeDevice;
    try {
      device = state.authenticate(req.headers.authorization);
    } catch (error) {
      res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: (error as Error).message }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': connected\n\n');
    streams.set(res, device);
    req.on('close', () => streams.delete(res));
  };

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const server: FakeProtocolServer = {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    state, accounts, faults, calls, healthReports,
    liveClients: () => streams.size,
    dropStreams: () => {
      for (const res of streams.keys()) res.destroy();
    },
    poke(scopes) {
      if (scopes.length === 0) return;
      for (const [res, device] of streams) {
        const mine = scopes.filter((s) => device.scopes.includes(s));
        if (mine.length > 0) res.write(`event: poke\ndata: ${JSON.stringify({ scopes: mine, at: new Date().toISOString() })}\n\n`);
      }
    },
    close: () => new Promise((resolve) => {
      for (const res of streams.keys()) res.destroy();
      httpServer.closeAllConnections();
      httpServer.close(() => resolve());
    }),
  };
  return server;
}
