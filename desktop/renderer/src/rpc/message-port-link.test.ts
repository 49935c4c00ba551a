import { createTRPCClient, TRPCClientError } from '@trpc/client';
import { initTRPC, TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
// The test wires both ends of the transport; the renderer itself imports only the protocol types.
// eslint-disable-next-line no-restricted-imports
import { serveOverMessagePort } from '../../../core/transport/serve-over-message-port';
import { messagePortLink } from './message-port-link';

const t = initTRPC.context<{ station: string }>().create();
let counter = 0;
const router = t.router({
  hello: t.procedure.input(z.object({ name: z.string().min(1) })).query(({ input, ctx }) => `hello ${input.name} from ${ctx.station}`),
  bump: t.procedure.mutation(() => ++counter),
  missing: t.procedure.query(() => {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'no such item' });
  }),
  nested: t.router({ list: t.procedure.query(() => [{ id: 1 }, { id: 2 }]) }),
});

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

function connect() {
  const channel = new MessageChannel();
  channels.push(channel);
  serveOverMessagePort(channel.port2, router, () => ({ station: 'PLT1' }));
  return createTRPCClient<typeof router>({ links: [messagePortLink(channel.port1)] });
}

describe('tRPC over a MessagePort', () => {
  it('answers queries with the router context, including nested paths', async () => {
    const client = connect();
    expect(await client.hello.query({ name: 'Ana' })).toBe('hello Ana from PLT1');
    expect(await client.nested.list.query()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('runs mutations and keeps concurrent calls paired with their answers', async () => {
    const client = connect();
    const before = counter;
    const results = await Promise.all([client.bump.mutate(), client.hello.query({ name: 'Bo' }), client.bump.mutate()]);
    expect(results[1]).toBe('hello Bo from PLT1');
    expect([results[0], results[2]].sort()).toEqual([before + 1, before + 2]);
  });

  it('delivers tRPC errors with their code, and rejects bad input', async () => {
    const client = connect();
    const notFound = await client.missing.query().catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(TRPCClientError);
    expect((notFound as TRPCClientError<typeof router>).message).toBe('no such item');
    expect((notFound as TRPCClientError<typeof router>).data?.code).toBe('NOT_FOUND');

    const invalid = await client.hello.query({ name: '' }).catch((error: unknown) => error);
    expect((invalid as TRPCClientError<typeof router>).data?.code).toBe('BAD_REQUEST');
  });

  it('refuses a query sent as a mutation', async () => {
    const client = connect();
    // @ts-expect-error deliberately calling a query procedure as a mutation
    const error = await client.hello.mutate({ name: 'x' }).catch((e: unknown) => e);
    expect((error as TRPCClientError<typeof router>).data?.code).toBe('NOT_FOUND');
  });
});
