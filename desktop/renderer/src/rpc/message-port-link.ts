import { TRPCClientError, type TRPCLink } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import type { PortRequest, PortResponse } from '../../../core/transport/message-port-protocol';

/** The parts of a `MessagePort` the link uses (a DOM port in Electron; Node's in tests). */
export interface ClientPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start(): void;
}

/**
 * A tRPC link that carries queries and mutations over a MessagePort to the core's
 * `serveOverMessagePort`. Subscriptions are not carried yet.
 */
export function messagePortLink<TRouter extends AnyTRPCRouter>(port: ClientPort): TRPCLink<TRouter> {
  let nextId = 1;
  const pending = new Map<number, (response: PortResponse) => void>();
  port.addEventListener('message', (event) => {
    const response = event.data as PortResponse;
    const settle = pending.get(response?.id);
    pending.delete(response?.id);
    settle?.(response);
  });
  port.start();

  return () => ({ op }) => observable((observer) => {
    if (op.type === 'subscription') {
      observer.error(new TRPCClientError('Subscriptions are not supported over the MessagePort link'));
      return;
    }
    const id = nextId++;
    pending.set(id, (response) => {
      if ('error' in response) {
        observer.error(TRPCClientError.from<TRouter>({ error: response.error }));
        return;
      }
      observer.next({ result: { type: 'data', data: response.result.data } });
      observer.complete();
    });
    const request: PortRequest = { id, path: op.path, type: op.type, input: op.input };
    port.postMessage(request);
    // An unsubscribed call (a React component gone) no longer needs its answer.
    return () => pending.delete(id);
  });
}
