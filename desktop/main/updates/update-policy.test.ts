import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SafePointVerdict } from './safe-point';
import {
  DEFAULT_UPDATE_POLICY as O, initialUpdateState, retryDelay, stepUpdatePolicy, updateViewOf, type UpdateEffect, type UpdateEvent, type UpdatePolicyState,
} from './update-policy';

const HOUR = 3_600_000;

/** Feeds events at given times, collecting every effect; `random` is fixed unless given. */
function play(events: Array<[number, UpdateEvent]>, random = () => 0.5, from: UpdatePolicyState = initialUpdateState()) {
  let state = from;
  const effects: UpdateEffect[] = [];
  for (const [now, event] of events) {
    const step = stepUpdatePolicy(state, event, { now, random, options: O });
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects, view: updateViewOf(state) };
}

const notNow = (waitingFor: Extract<SafePointVerdict, { safe: false }>['waitingFor']): UpdateEvent => ({ type: 'safe_point', verdict: { safe: false, waitingFor } });
const SAFE: UpdateEvent = { type: 'safe_point', verdict: { safe: true } };

describe('when the updater checks', () => {
  it('checks shortly after start, not before', () => {
    const started = play([[0, { type: 'started' }]]);
    expect(started.state.wakeAt).toBe(O.firstCheckMs);
    expect(play([[0, { type: 'started' }], [O.firstCheckMs - 1, { type: 'timer' }]]).effects).toEqual([]);
    const due = play([[0, { type: 'started' }], [O.firstCheckMs, { type: 'timer' }]]);
    expect(due.effects).toEqual([{ type: 'check' }]);
    expect(due.view).toEqual({ state: 'checking', required: false });
  });

  it('checks again every few hours, jittered so a fleet started together spreads out', () => {
    const at = (random: number) => play([[0, { type: 'started' }], [O.firstCheckMs, { type: 'timer' }], [O.firstCheckMs, { type: 'update_not_available' }]], () => random);
    expect(at(0).state.wakeAt).toBe(O.firstCheckMs + O.checkEveryMs - O.checkJitterMs);
    expect(at(1).state.wakeAt).toBe(O.firstCheckMs + O.checkEveryMs + O.checkJitterMs);
    expect(at(0.5).view).toEqual({ state: 'up_to_date', required: false, checkedAt: new Date(O.firstCheckMs).toISOString() });
    expect(O.checkEveryMs).toBeGreaterThanOrEqual(HOUR);
  });

  it('checks at once when sync answers "update required", and keeps looking until the update is published', () => {
    const idle = play([[0, { type: 'started' }]]);
    const required = play([[1_000, { type: 'update_required' }]], undefined, idle.state);
    expect(required.effects).toEqual([{ type: 'check' }]);
    expect(required.view).toEqual({ state: 'checking', required: true });
    const nothing = play([[2_000, { type: 'update_not_available' }]], undefined, required.state);
    expect(nothing.state.wakeAt).toBe(2_000 + O.requiredRecheckMs);
    expect(nothing.view).toMatchObject({ state: 'up_to_date', required: true });
  });

  it('backs off after failed checks, up to a ceiling, and starts over after a success', () => {
    let state = play([[0, { type: 'started' }]]).state;
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      now = state.wakeAt!;
      state = play([[now, { type: 'timer' }], [now, { type: 'failed', message: 'ECONNREFUSED' }]], () => 1, state).state;
      delays.push(state.wakeAt! - now);
    }
    expect(delays.slice(0, 4)).toEqual([O.retry.initialMs, 2 * O.retry.initialMs, 4 * O.retry.initialMs, 8 * O.retry.initialMs]);
    expect(Math.max(...delays)).toBe(O.retry.maxMs);
    expect(updateViewOf(state)).toMatchObject({ state: 'failed', message: 'ECONNREFUSED', retryAt: new Date(state.wakeAt!).toISOString() });
    const healed = play([[state.wakeAt!, { type: 'timer' }], [state.wakeAt!, { type: 'update_not_available' }]], undefined, state);
    expect(healed.state.failures).toBe(0);
  });

  it('draws retry delays from the upper half of the ceiling', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (failures, r) => {
      const ceiling = Math.min(O.retry.maxMs, O.retry.initialMs * 2 ** Math.min(failures - 1, 30));
      const delay = retryDelay(failures, O.retry, () => r);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(delay).toBeLessThanOrEqual(ceiling);
    }));
  });
});

describe('from download to install', () => {
  const downloaded = () => play([
    [0, { type: 'started' }], [O.firstCheckMs, { type: 'timer' }],
    [O.firstCheckMs, { type: 'update_available', version: '1.5.0' }],
    [O.firstCheckMs + 1, { type: 'download_progress', percent: 42.4 }],
    [O.firstCheckMs + 2, { type: 'update_downloaded', version: '1.5.0' }],
  ]);

  it('downloads what it finds, shows the progress, then asks whether now is a safe point', () => {
    const downloading = play([[0, { type: 'started' }], [O.firstCheckMs, { type: 'timer' }], [O.firstCheckMs, { type: 'update_available', version: '1.5.0' }], [1, { type: 'download_progress', percent: 42.4 }]]);
    expect(downloading.effects).toEqual([{ type: 'check' }, { type: 'download' }]);
    expect(downloading.view).toEqual({ state: 'downloading', required: false, version: '1.5.0', percent: 42 });
    const ready = downloaded();
    expect(ready.effects.at(-1)).toEqual({ type: 'probe', intent: { forced: false, personAsked: false } });
    expect(ready.view).toEqual({ state: 'ready', required: false, version: '1.5.0', waitingFor: null, personAsked: false });
  });

  it('says what it waits for and asks again later; "Restart now" asks at once, then more often', () => {
    const t = O.firstCheckMs + 10;
    const waiting = play([[t, notNow('count_in_progress')]], undefined, downloaded().state);
    expect(waiting.view).toMatchObject({ state: 'ready', waitingFor: 'count_in_progress' });
    expect(waiting.state.wakeAt).toBe(t + O.probeEveryMs);
    expect(play([[t + O.probeEveryMs, { type: 'timer' }]], undefined, waiting.state).effects).toEqual([{ type: 'probe', intent: { forced: false, personAsked: false } }]);

    const asked = play([[t + 5, { type: 'install_requested' }]], undefined, waiting.state);
    expect(asked.effects).toEqual([{ type: 'probe', intent: { forced: false, personAsked: true } }]);
    const still = play([[t + 6, notNow('outbox_flushing')]], undefined, asked.state);
    expect(still.state.wakeAt).toBe(t + 6 + O.askedProbeEveryMs);
    expect(still.view).toMatchObject({ waitingFor: 'outbox_flushing', personAsked: true });
  });

  it('installs only on a safe point', () => {
    const installing = play([[O.firstCheckMs + 10, SAFE]], undefined, downloaded().state);
    expect(installing.effects).toEqual([{ type: 'install' }]);
    expect(installing.view).toEqual({ state: 'installing', required: false, version: '1.5.0' });
  });

  it('makes a downloaded update forced when sync says it is required', () => {
    const waiting = play([[O.firstCheckMs + 10, notNow('outbox_flushing')]], undefined, downloaded().state);
    const required = play([[O.firstCheckMs + 11, { type: 'update_required' }]], undefined, waiting.state);
    expect(required.effects).toEqual([{ type: 'probe', intent: { forced: true, personAsked: false } }]);
    expect(required.view).toMatchObject({ state: 'ready', required: true });
  });

  it('tries again later when the install fails', () => {
    const installing = play([[O.firstCheckMs + 10, SAFE]], undefined, downloaded().state);
    const failed = play([[O.firstCheckMs + 20, { type: 'failed', message: 'The installer could not start' }]], () => 0, installing.state);
    expect(failed.view).toMatchObject({ state: 'failed', message: 'The installer could not start' });
    expect(failed.state.wakeAt).toBe(O.firstCheckMs + 20 + O.retry.initialMs / 2);
  });
});

describe('whatever happens, in any order', () => {
  const anyEvent: fc.Arbitrary<UpdateEvent> = fc.oneof(
    fc.constant({ type: 'timer' } as const),
    fc.constant({ type: 'update_required' } as const),
    fc.constant({ type: 'update_not_available' } as const),
    fc.constant({ type: 'install_requested' } as const),
    fc.record({ type: fc.constant('update_available' as const), version: fc.constantFrom('1.5.0', '1.6.0') }),
    fc.record({ type: fc.constant('download_progress' as const), percent: fc.double({ min: -10, max: 110, noNaN: true }) }),
    fc.record({ type: fc.constant('update_downloaded' as const), version: fc.constantFrom('1.5.0', '1.6.0') }),
    fc.record({ type: fc.constant('failed' as const), message: fc.string({ maxLength: 20 }) }),
    fc.constantFrom<UpdateEvent>(SAFE, notNow('write_in_progress'), notNow('count_in_progress'), notNow('core_unavailable')),
  );

  it('installs only right after a safe point for a downloaded update, never probes twice at once, and always knows when to look again', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 10 * HOUR }), anyEvent), { maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (steps, r) => {
      let state = stepUpdatePolicy(initialUpdateState(), { type: 'started' }, { now: 0, random: () => r, options: O }).state;
      let now = 0;
      for (const [dt, event] of steps) {
        now += dt;
        const before = state;
        const step = stepUpdatePolicy(state, event, { now, random: () => r, options: O });
        state = step.state;
        if (step.effects.some((e) => e.type === 'install')) {
          expect(before.phase.kind).toBe('ready');
          expect(event).toEqual(SAFE);
        }
        const probes = step.effects.filter((e) => e.type === 'probe');
        if (probes.length > 0) expect(before.phase.kind === 'ready' && before.phase.probing && event.type !== 'update_downloaded').toBe(false);
        for (const probe of probes) expect(probe).toEqual({ type: 'probe', intent: { forced: state.required, personAsked: state.personAsked } });
        if (state.phase.kind === 'idle' || state.phase.kind === 'failed') expect(state.wakeAt).not.toBeNull();
        if (state.phase.kind === 'ready' && !state.phase.probing) expect(state.wakeAt).not.toBeNull();
        expect(() => updateViewOf(state)).not.toThrow();
        const view = updateViewOf(state);
        if (view.state === 'downloading') expect(view.percent >= 0 && view.percent <= 100).toBe(true);
      }
    }));
  });
});
