import type { PullRequest, PullResponse } from '@capliquify/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countCatalogRows } from '../replica/catalog.repo';
import { openReplica, type Replica } from '../replica/open-replica';
import { makeCatalog } from '../test/fake-catalog';
import { listCursors } from './confirmed-rows.repo';
import { cursorsAfterPage, pullAllPages } from './pull-pages.service';
import { FakeProtocolState, type FakeDevice } from './test/fake-protocol-state';

let replica: Replica;
beforeEach(async () => {
  replica = await openReplica(':memory:');
});
afterEach(() => replica.close());

/** The protocol's in-memory server, with every request noted with the pages applied when it was sent. */
function recordingServer(itemCount: number) {
  const state = new FakeProtocolState(makeCatalog(itemCount));
  const device = state.devices.get(state.enroll(state.issueCode('site-a')).deviceId) as FakeDevice;
  const sent: { cursors: PullRequest['cursors']; appliedBefore: number }[] = [];
  let applied = 0;
  let failOn: number | null = null;
  return {
    state,
    sent,
    failRequest(n: number) {
      failOn = n;
    },
    onPageApplied: () => {
      applied += 1;
    },
    transport: {
      pull: async (request: PullRequest): Promise<PullResponse> => {
        sent.push({ cursors: request.cursors, appliedBefore: applied });
        if (sent.length === failOn) throw new Error('connection reset');
        await new Promise((resolve) => setImmediate(resolve));
        return state.pull(device, request);
      },
    },
  };
}

describe('pullAllPages', () => {
  it('asks for the next page before applying the current one, with the cursors that page leaves, and applies them in order', async () => {
    const server = recordingServer(25);
    const pages = await pullAllPages({ db: replica.db, transport: server.transport, limit: 10, onPageApplied: server.onPageApplied });
    // catalog 10 + 10 + 5, then site:site-a's rows, then the empty answer that ends the bootstrap.
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(server.sent).toHaveLength(pages);
    expect(server.sent.map((s) => s.appliedBefore)).toEqual(Array.from({ length: pages }, (_, i) => Math.max(0, i - 1)));
    const device = server.state.devices.get('dev-1') as FakeDevice;
    expect(server.sent[1]?.cursors).toEqual(cursorsAfterPage({}, server.state.pull(device, { cursors: {}, limit: 10 })));
    expect(server.state.pull(device, { cursors: await listCursors(replica.db), limit: 10 })).toMatchObject({ changes: [], hasMore: false });
    expect(await countCatalogRows(replica.db)).toMatchObject({ items: 25, sites: 1, locations: 2 });
  });

  it('never applies a page prefetched behind one that fails: the replica keeps the last good page and its cursor', async () => {
    const server = recordingServer(25);
    server.state.put('catalog', 'item', 'item-9999', { id: 'item-9999', sku: 'BROKEN' });
    await expect(pullAllPages({ db: replica.db, transport: server.transport, limit: 10, onPageApplied: server.onPageApplied })).rejects.toThrow();
    // Pages 1 and 2 applied; page 3 holds the broken item; page 4 (site rows) was asked for early and dropped.
    expect(server.sent).toHaveLength(4);
    expect(await listCursors(replica.db)).toEqual(server.sent[2]?.cursors);
    expect(await countCatalogRows(replica.db)).toMatchObject({ items: 20, stockLevels: 0 });
  });

  it('reports a prefetch that fails while a page is applied, after keeping that page', async () => {
    const server = recordingServer(25);
    server.failRequest(3);
    await expect(pullAllPages({ db: replica.db, transport: server.transport, limit: 10, onPageApplied: server.onPageApplied })).rejects.toThrow('connection reset');
    expect(await listCursors(replica.db)).toEqual(server.sent[2]?.cursors);
    expect(await countCatalogRows(replica.db)).toMatchObject({ items: 20 });
  });
});

describe('cursorsAfterPage', () => {
  const page = (over: Partial<PullResponse>): PullResponse => ({
    changes: [], cursors: {}, resetScopes: [], leftScopes: [], scopes: [], hasMore: true, lastMutationId: 0, ...over,
  });

  it('drops left scopes, restarts reset ones, starts new ones and takes the page’s cursors', () => {
    expect(cursorsAfterPage({ catalog: 'c1', 'site:a': 'a1', 'site:old': 'o1' }, page({
      leftScopes: ['site:old'], resetScopes: ['site:a'], scopes: ['catalog', 'site:a', 'site:new'], cursors: { catalog: 'c2' },
    }))).toEqual({ catalog: 'c2', 'site:a': null, 'site:new': null });
  });
});
