import {
  callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, type AnyTRPCRouter,
  type inferRouterContext,
} from '@trpc/server';
import type { PortErrorShape, PortRequest, PortResponse } from './message-port-protocol';

/**
 * The ends of a channel this accepts: a DOM or Node `MessagePort` (`addEventListener`) or
 * Electron's `MessagePortMain` (`on('message', event)`, whose event carries `data`).
 */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  addEventListener?(type: 'message', listener: (event: Event) => void): void;
  removeEventListener?(type: 'message', listener: (event: Event) => void): void;
  on?(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off?(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  start?(): void;
}

/**
 * Answers tRPC calls arriving on `port` with `router`. electron-trpc is built on tRPC 10 and
 * breaks on v11, hence this small transport. Returns the function that stops listening.
 */
export function serveOverMessagePort<TRouter extends AnyTRPCRouter>(
  port: MessagePortLike,
  router: TRouter,
  createContext: () => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>,
): () => void {
  const onMessage = (event: { data: unknown }) => {
    const request = event.data;
    if (!isPortRequest(request)) return;
    void answer(router, createContext, request).then((response) => port.postMessage(response));
  };
  const onEvent = (event: Event) => onMessage(event as Event & { data: unknown });
  if (port.addEventListener) {
    port.addEventListener('message', onEvent);
  } else if (port.on) {
    port.on('message', onMessage);
  } else {
    throw new TypeError('serveOverMessagePort needs a port with addEventListener or on');
  }
  port.start?.();
  return () => {
    port.removeEventListener?.('message', onEvent);
    port.off?.('message', onMessage);
  };
}

async function answer<TRouter extends AnyTRPCRouter>(
  router: TRouter,
  createContext: () => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>,
  request: PortRequest,
): Promise<PortResponse> {
  let ctx: inferRouterContext<TRouter> | undefined;
  try {
    ctx = await createContext();
    const data: unknown = await callTRPCProcedure({
      router, path: request.path, type: request.type, ctx,
      getRawInput: async () => request.input, signal: undefined, batchIndex: 0,
    });
    return { id: request.id, result: { data } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getTRPCErrorShape({
      config: router._def._config, error, type: request.type, path: request.path, input: request.input, ctx,
    }) as PortErrorShape;
    return { id: request.id, error: shape };
  }
}

function isPortRequest(value: unknown): value is PortRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && typeof v.path === 'string' && (v.type === 'query' || v.type === 'mutation');
}

