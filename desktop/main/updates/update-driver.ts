import { DEVICE_AUTH_SCHEME } from '@capliquify/shared/protocol/sync.schema';
import { HEADER_APP_VERSION } from '@capliquify/shared/protocol/versions';
import type { UpdateView } from '../../core/updates/update-view';
import type { AppUpdaterLike } from './app-updater';
import type { CoreLink } from './core-link';
import { safePoint, type InstallIntent, type SafePointVerdict } from './safe-point';
import {
  DEFAULT_UPDATE_POLICY, initialUpdateState, stepUpdatePolicy, updateViewOf, type UpdateEffect, type UpdateEvent, type UpdatePolicyOptions, type UpdatePolicyState,
} from './update-policy';
import type { UpdaterConfig } from './updater-config';

export interface UpdateDriverDeps {
  updater: AppUpdaterLike;
  core: CoreLink;
  config: Pick<UpdaterConfig, 'feedUrl' | 'appVersion'>;
  log(message: string): void;
  now?: () => number;
  random?: () => number;
  options?: UpdatePolicyOptions;
  /** How long a quiesce waits for the write in flight before the answer is "not now". */
  quiesceMs?: number;
}

export interface UpdateDriver {
  dispatch(event: UpdateEvent): void;
  state(): UpdatePolicyState;
  stop(): void;
}

/**
 * Runs the update policy against electron-updater and the core: executes its effects (check,
 * download, probe for a safe point, install), feeds the outcomes back as events, keeps one timer
 * for its next wake-up, and hands the banner's state to the core whenever it changes.
 */
export function startUpdateDriver({ updater, core, config, log, now = Date.now, random = Math.random, options = DEFAULT_UPDATE_POLICY, quiesceMs = 3_000 }: UpdateDriverDeps): UpdateDriver {
  let state = initialUpdateState();
  let timer: NodeJS.Timeout | null = null;
  let published = '';
  let stopped = false;

  updater.autoDownload = false;
  // Quitting is not a safe point by itself: the policy decides when to install.
  updater.autoInstallOnAppQuit = false;
  updater.logger = { info: (m) => log(`updater: ${String(m)}`), warn: (m) => log(`updater: ${String(m)}`), error: (m) => log(`updater error: ${String(m)}`) };
  updater.setFeedURL({ provider: 'generic', url: config.feedUrl });

  const fail = (error: unknown) => dispatch({ type: 'failed', message: error instanceof Error ? error.message : String(error) });

  const probe = async (intent: InstallIntent): Promise<SafePointVerdict> => {
    try {
      // Ask first without holding anything: most of the time the answer is "not now" anyway.
      const first = safePoint(await core.facts(), intent);
      if (!first.safe && first.waitingFor !== 'outbox_not_persisted') return first;
      const held = safePoint(await core.quiesce(quiesceMs), intent);
      if (!held.safe) core.resume();
      return held;
    } catch (error) {
      core.resume();
      log(`updater: no safe point: ${error instanceof Error ? error.message : String(error)}`);
      return { safe: false, waitingFor: 'core_unavailable' };
    }
  };

  const check = async () => {
    // The server decides from the device credential which release (ring) this device sees.
    const facts = await core.facts().catch(() => null);
    updater.requestHeaders = {
      [HEADER_APP_VERSION]: config.appVersion,
      ...(facts?.deviceCredential ? { authorization: `${DEVICE_AUTH_SCHEME} ${facts.deviceCredential}` } : {}),
    };
    if (facts?.appUpdateRequired && !state.required) dispatch({ type: 'update_required' });
    if (await updater.checkForUpdates() === null) dispatch({ type: 'update_not_available' });
  };

  const run = (effect: UpdateEffect) => {
    switch (effect.type) {
      case 'check':
        check().catch(fail);
        return;
      case 'download':
        updater.downloadUpdate().catch(fail);
        return;
      case 'probe':
        void probe(effect.intent).then((verdict) => dispatch({ type: 'safe_point', verdict }));
        return;
      case 'install':
        log('updater: safe point reached; quitting to install');
        try {
          updater.quitAndInstall(true, true);
        } catch (error) {
          fail(error);
        }
    }
  };

  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (state.wakeAt === null || stopped) return;
    timer = setTimeout(() => dispatch({ type: 'timer' }), Math.max(0, state.wakeAt - now()));
    timer.unref?.();
  };

  const publish = (view: UpdateView) => {
    const text = JSON.stringify(view);
    if (text === published) return;
    published = text;
    core.publish(view);
  };

  function dispatch(event: UpdateEvent): void {
    if (stopped) return;
    const before = state;
    const step = stepUpdatePolicy(state, event, { now: now(), random, options });
    state = step.state;
    // An install that failed leaves the core's writes held: let them through again.
    if (before.phase.kind === 'installing' && state.phase.kind !== 'installing') core.resume();
    if (state.wakeAt !== before.wakeAt) arm();
    publish(updateViewOf(state));
    for (const effect of step.effects) run(effect);
  }

  updater.on('update-available', (info) => dispatch({ type: 'update_available', version: info.version }));
  updater.on('update-not-available', () => dispatch({ type: 'update_not_available' }));
  updater.on('download-progress', (progress) => dispatch({ type: 'download_progress', percent: progress.percent }));
  updater.on('update-downloaded', (info) => dispatch({ type: 'update_downloaded', version: info.version }));
  // Check and download failures also reject their promise; the policy ignores the second report.
  updater.on('error', fail);

  dispatch({ type: 'started' });
  return {
    dispatch,
    state: () => state,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
