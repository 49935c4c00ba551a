import type { UpdateView, WaitReason } from '../../../core/updates/update-view';

export interface UpdateBannerText {
  /** `warning` while syncing is stopped until the update installs. */
  tone: 'info' | 'warning';
  title: string;
  detail: string | null;
  /** Offer "Restart now". */
  canRestart: boolean;
}

const WAITING: Record<WaitReason, string> = {
  count_in_progress: 'It installs once no count is in progress at this station (a few minutes after the last scan), or now if you restart.',
  outbox_flushing: 'It installs once your unsent work has reached the server.',
  write_in_progress: 'It installs as soon as the current save has finished.',
  outbox_not_persisted: 'It installs once your unsent work is safely saved on this computer.',
  core_unavailable: 'It installs once the local database answers again.',
};

const KEPT = 'Syncing has stopped until this app is updated; your unsent work is kept and sent afterwards.';

/**
 * What the update banner says, or null when it shows nothing: no update (or one that is not
 * required failing in the background, which only the fleet screen needs to know), and always in
 * the browser host, where updates do not apply.
 */
export function updateBannerText(view: UpdateView, formatTime: (iso: string) => string): UpdateBannerText | null {
  const tone = 'required' in view && view.required ? 'warning' : 'info';
  switch (view.state) {
    case 'not_applicable':
      return null;
    case 'up_to_date':
    case 'checking':
      return view.required
        ? { tone, title: 'This app must be updated before it can sync again.', detail: `${view.state === 'checking' ? 'Looking for the update…' : 'No update is available for this station yet; it keeps looking.'} Your unsent work is kept.`, canRestart: false }
        : null;
    case 'downloading':
      return {
        tone, title: `Downloading version ${view.version} (${view.percent}%)`,
        detail: view.required ? KEPT : 'It installs when this station is idle; nothing you do meanwhile is lost.', canRestart: false,
      };
    case 'ready':
      return {
        tone, title: `Version ${view.version} is ready to install`,
        detail: view.waitingFor === null ? 'Checking that this is a good moment to restart…'
          : view.personAsked && view.waitingFor !== 'count_in_progress' ? `Restarting as soon as possible. ${WAITING[view.waitingFor]}` : WAITING[view.waitingFor],
        canRestart: !view.personAsked,
      };
    case 'installing':
      return { tone, title: `Restarting to install version ${view.version}…`, detail: 'The app opens again by itself.', canRestart: false };
    case 'failed':
      return view.required
        ? { tone, title: 'This app must be updated, but the update could not be fetched.', detail: `${view.message}${view.retryAt ? ` Trying again at ${formatTime(view.retryAt)}.` : ''} ${KEPT}`, canRestart: false }
        : null;
  }
}
