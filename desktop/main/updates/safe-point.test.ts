import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StationFacts } from '../../core/updates/station-facts';
import { outboxState, safePoint, type OutboxState } from './safe-point';

type Facts = Pick<StationFacts, 'countInProgress' | 'writing' | 'outboxDepth' | 'online' | 'persisted'>;

// The decision table, written out: for each outbox state (as stations report it), the verdict with
// no count / a count in progress, each as [plain, person asked, forced, forced and asked].
const I = 'install';
const TABLE: Array<{ state: OutboxState; station: Omit<Facts, 'countInProgress'>; idle: string[]; counting: string[] }> = [
  { state: 'empty', station: { writing: false, outboxDepth: 0, online: true, persisted: false },
    idle: [I, I, I, I], counting: ['count_in_progress', I, 'count_in_progress', I] },
  { state: 'empty', station: { writing: false, outboxDepth: 0, online: false, persisted: true },
    idle: [I, I, I, I], counting: ['count_in_progress', I, 'count_in_progress', I] },
  { state: 'pending_online', station: { writing: false, outboxDepth: 12, online: true, persisted: true },
    idle: ['outbox_flushing', 'outbox_flushing', I, I], counting: ['count_in_progress', 'outbox_flushing', 'count_in_progress', I] },
  { state: 'pending_offline_persisted', station: { writing: false, outboxDepth: 12, online: false, persisted: true },
    idle: [I, I, I, I], counting: ['count_in_progress', I, 'count_in_progress', I] },
  { state: 'pending_unpersisted', station: { writing: false, outboxDepth: 3, online: true, persisted: false },
    idle: ['outbox_flushing', 'outbox_flushing', 'outbox_not_persisted', 'outbox_not_persisted'],
    counting: ['count_in_progress', 'outbox_flushing', 'count_in_progress', 'outbox_not_persisted'] },
  { state: 'pending_unpersisted', station: { writing: false, outboxDepth: 3, online: false, persisted: false },
    idle: ['outbox_not_persisted', 'outbox_not_persisted', 'outbox_not_persisted', 'outbox_not_persisted'],
    counting: ['count_in_progress', 'outbox_not_persisted', 'count_in_progress', 'outbox_not_persisted'] },
  { state: 'writing', station: { writing: true, outboxDepth: 0, online: true, persisted: false },
    idle: Array(4).fill('write_in_progress'), counting: Array(4).fill('write_in_progress') },
  { state: 'writing', station: { writing: true, outboxDepth: 5, online: false, persisted: true },
    idle: Array(4).fill('write_in_progress'), counting: Array(4).fill('write_in_progress') },
];
const INTENTS = [
  { forced: false, personAsked: false }, { forced: false, personAsked: true }, { forced: true, personAsked: false }, { forced: true, personAsked: true },
];

const cases = TABLE.flatMap(({ state, station, idle, counting }) => [false, true].flatMap((countInProgress) => INTENTS.map((intent, i) => ({
  state, facts: { ...station, countInProgress }, ...intent, expected: (countInProgress ? counting : idle)[i],
}))));

describe('safePoint', () => {
  it.each(cases)('count $facts.countInProgress · outbox $state (online $facts.online) · forced $forced · asked $personAsked → $expected', ({ state, facts, forced, personAsked, expected }) => {
    expect(outboxState(facts)).toBe(state);
    const verdict = safePoint(facts, { forced, personAsked });
    expect(verdict.safe ? I : verdict.waitingFor).toBe(expected);
  });

  it('covers every combination of count in progress, the four outbox states and forced', () => {
    const seen = new Set(cases.map((c) => `${c.facts.countInProgress}/${c.state}/${c.forced}`));
    expect(seen.size).toBe(2 * 5 * 2);
  });

  const anyFacts = fc.record({
    countInProgress: fc.boolean(), writing: fc.boolean(), outboxDepth: fc.nat({ max: 10_000 }), online: fc.boolean(), persisted: fc.boolean(),
  });
  const anyIntent = fc.record({ forced: fc.boolean(), personAsked: fc.boolean() });

  it('never installs in the middle of a local write or a pull apply', () => {
    fc.assert(fc.property(anyFacts, anyIntent, (facts, intent) => {
      if (facts.writing) expect(safePoint(facts, intent)).toEqual({ safe: false, waitingFor: 'write_in_progress' });
    }));
  });

  it('never installs over unsent commands that are not checkpointed, nor over a count unless the person asked', () => {
    fc.assert(fc.property(anyFacts, anyIntent, (facts, intent) => {
      if (!safePoint(facts, intent).safe) return;
      expect(facts.outboxDepth === 0 || facts.persisted).toBe(true);
      expect(!facts.countInProgress || intent.personAsked).toBe(true);
      // Unforced, commands still leave first while the server can be reached.
      if (!intent.forced && facts.online) expect(facts.outboxDepth).toBe(0);
    }));
  });

  it('installs whenever nothing stands in the way, and forcing or asking only ever allows more', () => {
    fc.assert(fc.property(anyFacts, anyIntent, (facts, intent) => {
      const clear = !facts.writing && !facts.countInProgress && (facts.outboxDepth === 0 || (facts.persisted && !facts.online));
      if (clear) expect(safePoint(facts, intent).safe).toBe(true);
      if (safePoint(facts, intent).safe) {
        expect(safePoint(facts, { forced: true, personAsked: intent.personAsked }).safe).toBe(true);
        expect(safePoint(facts, { forced: intent.forced, personAsked: true }).safe).toBe(true);
      }
    }));
  });
});
