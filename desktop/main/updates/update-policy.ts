import type { UpdateView, WaitReason } from '../../core/updates/update-view';
import type { InstallIntent, SafePointVerdict } from './safe-point';

export interface UpdatePolicyOptions {
  /** First check after start, once the core has opened its replica and tried a first sync. */
  firstCheckMs: number;
  checkEveryMs: number;
  /** ± this much around `checkEveryMs`, so stations started together do not all check together. */
  checkJitterMs: number;
  /** Sync said "update required" but the feed had nothing newer: look again this often. */
  requiredRecheckMs: number;
  /** Downloaded and waiting for a safe point: ask the station again this often… */
  probeEveryMs: number;
  /** …and this often once the person pressed "Restart now". */
  askedProbeEveryMs: number;
  /** Backoff after a failed check, download or install: doubles from `initialMs` up to `maxMs`, jittered. */
  retry: { initialMs: number; maxMs: number };
}

export const DEFAULT_UPDATE_POLICY: UpdatePolicyOptions = {
  firstCheckMs: 30_000,
  checkEveryMs: 4 * 3_600_000,
  checkJitterMs: 30 * 60_000,
  requiredRecheckMs: 15 * 60_000,
  probeEveryMs: 60_000,
  askedProbeEveryMs: 5_000,
  retry: { initialMs: 60_000, maxMs: 2 * 3_600_000 },
};

export type UpdatePhase =
  | { kind: 'idle'; checkedAt: number | null }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string; percent: number }
  | { kind: 'ready'; version: string; waitingFor: WaitReason | null; probing: boolean }
  | { kind: 'installing'; version: string }
  | { kind: 'failed'; message: string };

export interface UpdatePolicyState {
  phase: UpdatePhase;
  /** Sync answered "update required": this app is too old for the server. */
  required: boolean;
  /** The person pressed "Restart now" for the update that is ready. */
  personAsked: boolean;
  /** Failed checks, downloads or installs in a row. */
  failures: number;
  /** When the policy wants its next `timer` event (ms since the epoch); null while it waits for another event. */
  wakeAt: number | null;
}

export type UpdateEvent =
  | { type: 'started' }
  | { type: 'timer' }
  | { type: 'update_required' }
  | { type: 'update_available'; version: string }
  | { type: 'update_not_available' }
  | { type: 'download_progress'; percent: number }
  | { type: 'update_downloaded'; version: string }
  | { type: 'failed'; message: string }
  | { type: 'install_requested' }
  | { type: 'safe_point'; verdict: SafePointVerdict };

/** What the driver does for the policy; it reports the outcome back as events. */
export type UpdateEffect = { type: 'check' } | { type: 'download' } | { type: 'probe'; intent: InstallIntent } | { type: 'install' };

export interface UpdateStep { state: UpdatePolicyState; effects: UpdateEffect[] }
export interface StepContext { now: number; random: () => number; options: UpdatePolicyOptions }

export function initialUpdateState(): UpdatePolicyState {
  return { phase: { kind: 'idle', checkedAt: null }, required: false, personAsked: false, failures: 0, wakeAt: null };
}

/** Jittered exponential backoff: the ceiling doubles per failure, the delay is drawn from its upper half. */
export function retryDelay(failures: number, retry: UpdatePolicyOptions['retry'], random: () => number): number {
  const ceiling = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The updater's state machine: when to check (at start, every few hours with jitter, at once when
 * sync answers "update required"), download what is found, ask for a safe point until there is
 * one, and back off after errors. Pure: the driver runs its effects and feeds the outcomes back.
 */
export function stepUpdatePolicy(state: UpdatePolicyState, event: UpdateEvent, { now, random, options }: StepContext): UpdateStep {
  const { phase } = state;
  const stay: UpdateStep = { state, effects: [] };
  const check = (next: Partial<UpdatePolicyState> = {}): UpdateStep => ({ state: { ...state, ...next, phase: { kind: 'checking' }, wakeAt: null }, effects: [{ type: 'check' }] });
  const probe = (ready: Extract<UpdatePhase, { kind: 'ready' }>, next: Partial<UpdatePolicyState> = {}): UpdateStep => {
    const after = { ...state, ...next };
    return {
      state: { ...after, phase: { ...ready, probing: true }, wakeAt: null },
      effects: [{ type: 'probe', intent: { forced: after.required, personAsked: after.personAsked } }],
    };
  };

  switch (event.type) {
    case 'started':
      return { state: { ...state, phase: { kind: 'idle', checkedAt: null }, wakeAt: now + options.firstCheckMs }, effects: [] };
    case 'timer':
      if (state.wakeAt === null || now < state.wakeAt) return stay;
      if (phase.kind === 'idle' || phase.kind === 'failed') return check();
      if (phase.kind === 'ready' && !phase.probing) return probe(phase);
      return { state: { ...state, wakeAt: null }, effects: [] };
    case 'update_required':
      if (phase.kind === 'idle' || phase.kind === 'failed') return check({ required: true });
      if (phase.kind === 'ready' && !phase.probing) return probe(phase, { required: true });
      return { state: { ...state, required: true }, effects: [] };
    case 'update_available':
      if (phase.kind !== 'checking' && phase.kind !== 'idle' && phase.kind !== 'failed') return stay;
      return { state: { ...state, phase: { kind: 'downloading', version: event.version, percent: 0 }, wakeAt: null }, effects: [{ type: 'download' }] };
    case 'update_not_available': {
      if (phase.kind !== 'checking') return stay;
      const delay = state.required ? options.requiredRecheckMs : options.checkEveryMs + Math.round((random() * 2 - 1) * options.checkJitterMs);
      return { state: { ...state, phase: { kind: 'idle', checkedAt: now }, failures: 0, wakeAt: now + delay }, effects: [] };
    }
    case 'download_progress':
      if (phase.kind !== 'downloading') return stay;
      return { state: { ...state, phase: { ...phase, percent: Math.min(100, Math.max(0, event.percent)) } }, effects: [] };
    case 'update_downloaded':
      if (phase.kind === 'installing' || phase.kind === 'ready') return stay;
      return probe({ kind: 'ready', version: event.version, waitingFor: null, probing: true }, { failures: 0, personAsked: false });
    case 'failed': {
      if (phase.kind !== 'checking' && phase.kind !== 'downloading' && phase.kind !== 'installing') return stay;
      const failures = state.failures + 1;
      return { state: { ...state, phase: { kind: 'failed', message: event.message }, failures, personAsked: false, wakeAt: now + retryDelay(failures, options.retry, random) }, effects: [] };
    }
    case 'install_requested':
      if (phase.kind !== 'ready') return stay;
      if (phase.probing) return { state: { ...state, personAsked: true }, effects: [] };
      return probe(phase, { personAsked: true });
    case 'safe_point': {
      if (phase.kind !== 'ready') return stay;
      if (event.verdict.safe) return { state: { ...state, phase: { kind: 'installing', version: phase.version }, wakeAt: null }, effects: [{ type: 'install' }] };
      const again = state.personAsked ? options.askedProbeEveryMs : options.probeEveryMs;
      return { state: { ...state, phase: { ...phase, waitingFor: event.verdict.waitingFor, probing: false }, wakeAt: now + again }, effects: [] };
    }
  }
}

/** What the banner shows for a policy state. */
export function updateViewOf(state: UpdatePolicyState): UpdateView {
  const { phase, required } = state;
  switch (phase.kind) {
    case 'idle':
      return { state: 'up_to_date', required, checkedAt: phase.checkedAt === null ? null : new Date(phase.checkedAt).toISOString() };
    case 'checking':
      return { state: 'checking', required };
    case 'downloading':
      return { state: 'downloading', required, version: phase.version, percent: Math.round(phase.percent) };
    case 'ready':
      return { state: 'ready', required, version: phase.version, waitingFor: phase.waitingFor, personAsked: state.personAsked };
    case 'installing':
      return { state: 'installing', required, version: phase.version };
    case 'failed':
      return { state: 'failed', required, message: phase.message.slice(0, 500), retryAt: state.wakeAt === null ? null : new Date(state.wakeAt).toISOString() };
  }
}
