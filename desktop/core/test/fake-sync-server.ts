import type { AddressInfo } from 'node:net';
import { TRPCError, initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { pageInputSchema, type PageInput } from '@capliquify/shared';
import type { FakeCatalog } from './fake-catalog';

export interface FakeSyncServer {
  url: string;
  /** Paths of the procedures called, in order. */
  calls: string[];
  /** Headers of every HTTP request the server received. */
  requests: Record<string, string | string[] | undefined>[];
  catalog: FakeCatalog;
  /** From now on, serve `pages` stock pages and fail the next ones with a 500; null heals it. */
  failStockAfter(pages: number | null): void;
  protocol: { min: number; max: number };
  close(): Promise<void>;
}

/**
 * A tiny tRPC server with the same procedure shapes as the real server's snapshot endpoints, for
 * tests of the desktop core (which may not import the server's code, only its router type).
 */
export async function startFakeSyncServer(catalog: FakeCatalog, { port = 0 } = {}): Promise<FakeSyncServer> {
  const t = initTRPC.context<{ headers: Record<string, string | string[] | undefined> }>().create();
  const recorded = t.procedure.use(({ path, next }) => {
    state.calls.push(path);
    return next();
  });
  let stockPagesServed = 0;
  let failStockAfterPages: number | null = null;
  const state: FakeSyncServer = {
    url: '', calls: [], requests: [], catalog, protocol: { min: 1, max: 1 },
    failStockAfter: (pages) => {
      failStockAfterPages = pages;
      stockPagesServed = 0;
    },
    close: async () => {},
  };

  // Keyset paging as the real server does it: rows strictly after the last key of the previous page.
  const page = <T>(rows: T[], key: (row: T) => string, input: PageInput) => {
    const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const rest = input.after === null ? sorted : sorted.filter((row) => key(row) > (input.after as string));
    const slice = rest.slice(0, input.limit);
    const last = slice.at(-1);
    return { rows: slice, nextAfter: rest.length > input.limit && last ? key(last) : null };
  };

  const router = t.router({
    system: t.router({
      info: recorded.query(() => ({ name: 'fake', version: '0.0.0', protocol: state.protocol, schema: { min: 1, max: 1 }, database: 'memory' })),
    }),
    catalog: t.router({
      sites: recorded.query(() => ({ sites: state.catalog.sites, locations: state.catalog.locations })),
      itemsPage: recorded.input(pageInputSchema).query(({ input }) => page(state.catalog.items, (i) => i.id, input)),
    }),
    inventory: t.router({
      stockPage: recorded.input(pageInputSchema).query(({ input }) => {
        if (failStockAfterPages !== null && stockPagesServed >= failStockAfterPages) {
          throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'database went away' });
        }
        stockPagesServed += 1;
        return page(state.catalog.stock, (s) => `${s.itemId}/${s.locationId}`, input);
      }),
    }),
  });

  const server = createHTTPServer({
    router,
    basePath: '/trpc/',
    createContext: ({ req }) => {
      state.requests.push(req.headers);
      return { headers: req.headers };
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
