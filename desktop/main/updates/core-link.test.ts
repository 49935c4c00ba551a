import { describe, expect, it } from 'vitest';
import type { ParentToCoreMessage } from '../../core/entry/core-host-protocol';
import type { StationFacts } from '../../core/updates/station-facts';
import { createCoreLink } from './core-link';

const FACTS: StationFacts = {
  countInProgress: false, outboxDepth: 2, oldestPendingAt: '2025-01-01T00:00:00.000Z', online: true, writing: false, persisted: true,
  appUpdateRequired: false, deviceCredential: 'cred',
};

function link(running = true, timeoutMs = 1_000) {
  const sent: ParentToCoreMessage[] = [];
  const channel = createCoreLink((message) => {
    sent.push(message);
    return running;
  }, timeoutMs);
  return { sent, channel };
}

describe('the core link', () => {
  it('matches answers to requests by id, whatever their order', async () => {
    const { sent, channel } = link();
    const facts = channel.facts();
    const held = channel.quiesce(500);
    expect(sent).toEqual([{ type: 'capliquify:station-facts', id: 1 }, { type: 'capliquify:quiesce', id: 2, timeoutMs: 500 }]);
    expect(channel.receive({ type: 'capliquify:station-facts', id: 2, facts: { ...FACTS, outboxDepth: 0 } })).toBe(true);
    expect(channel.receive({ type: 'capliquify:station-facts', id: 1, facts: FACTS })).toBe(true);
    expect(await facts).toEqual(FACTS);
    expect((await held).outboxDepth).toBe(0);
  });

  it('fails a request the core refused, did not answer in time, or could not be sent', async () => {
    const { channel } = link();
    const refused = channel.facts();
    channel.receive({ type: 'capliquify:station-facts', id: 1, error: 'The local database is not open.' });
    await expect(refused).rejects.toThrow('The local database is not open.');
    await expect(link(true, 5).channel.facts()).rejects.toThrow(/did not answer/);
    await expect(link(false).channel.facts()).rejects.toThrow(/not running/);
  });

  it('passes the core’s notices on and leaves other messages to main', () => {
    const { channel } = link();
    const notices: string[] = [];
    channel.onNotice((notice) => notices.push(notice));
    expect(channel.receive({ type: 'capliquify:notice', notice: 'update_required' })).toBe(true);
    expect(channel.receive({ type: 'capliquify:notice', notice: 'format_disk' })).toBe(true);
    expect(channel.receive({ type: 'capliquify:ready', deviceId: 'dev-1' })).toBe(false);
    expect(channel.receive(null)).toBe(false);
    expect(notices).toEqual(['update_required']);
  });

  it('sends the banner’s state again to a restarted core', () => {
    const { sent, channel } = link();
    channel.republish();
    expect(sent).toEqual([]);
    channel.publish({ state: 'checking', required: false });
    channel.republish();
    expect(sent).toEqual([
      { type: 'capliquify:update-view', view: { state: 'checking', required: false } },
      { type: 'capliquify:update-view', view: { state: 'checking', required: false } },
    ]);
  });
});
