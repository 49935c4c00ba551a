// The Fleet screen's wording and choices, as plain functions the screen renders.

export interface RolloutView {
  stage: 'canary' | 'sites' | 'percent' | 'all';
  siteOrder: string[];
  sitesReached: number;
  percent: number;
}

export type Promotion =
  | { ring: 'sites' }
  | { ring: 'percent'; percent: number }
  | { ring: 'all' };

export interface WidenChoice {
  /** The select option's value. */
  value: string;
  label: string;
  promotion: Promotion;
}

const PERCENTS = [10, 25, 50];

/**
 * How a rolling release can widen next, in the order an admin goes: the next site, a larger
 * percentage of the rest, every device. Nothing for a release that is paused, rolled back or
 * already everywhere (pause and resume are separate actions).
 */
export function widenChoices(rollout: RolloutView, state: 'rolling' | 'paused' | 'complete' | 'rolled_back'): WidenChoice[] {
  if (state !== 'rolling' || rollout.stage === 'all') return [];
  const choices: WidenChoice[] = [];
  // Before the first site the server takes every site in its order; after, the ones left.
  const sitesLeft = rollout.siteOrder.length === 0 || rollout.sitesReached < rollout.siteOrder.length;
  if (sitesLeft) {
    const label = rollout.siteOrder.length === 0 ? 'The first site' : `The next site (${rollout.sitesReached + 1} of ${rollout.siteOrder.length})`;
    choices.push({ value: 'sites', label, promotion: { ring: 'sites' } });
  }
  for (const percent of PERCENTS.filter((p) => p > rollout.percent)) {
    choices.push({ value: `percent:${percent}`, label: `${percent}% of the other devices`, promotion: { ring: 'percent', percent } });
  }
  choices.push({ value: 'all', label: 'All devices', promotion: { ring: 'all' } });
  return choices;
}

/** "12 min", "5 h", "3 days": how long something has waited. */
export function formatWait(minutes: number): string {
  if (minutes < 60) return `${Math.max(0, Math.floor(minutes))} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** "1.2 MB", "830 KB", "412 bytes". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export interface ProgressView {
  eligible: number;
  offered: number;
  taken: number;
}

/** What the rollout column says: how many of the devices its rings reach have it. */
export function describeProgress(p: ProgressView): string {
  if (p.eligible === 0 && p.taken === 0) return 'No device in its rings yet';
  return `${p.taken} of ${p.eligible} running it · ${p.offered} offered`;
}

export interface DeviceFlagsView {
  dataAtRisk: boolean;
  behind: boolean;
  offline: boolean;
  revoked: boolean;
  canary: boolean;
}

/** The flags shown beside a device, most urgent first. */
export function deviceFlags(d: DeviceFlagsView): { kind: 'risk' | 'behind' | 'offline' | 'revoked' | 'canary'; label: string }[] {
  const flags: { kind: 'risk' | 'behind' | 'offline' | 'revoked' | 'canary'; label: string }[] = [];
  if (d.revoked) flags.push({ kind: 'revoked', label: 'Revoked' });
  if (d.dataAtRisk) flags.push({ kind: 'risk', label: 'Data at risk' });
  if (d.offline) flags.push({ kind: 'offline', label: 'Offline' });
  if (d.behind) flags.push({ kind: 'behind', label: 'Behind' });
  if (d.canary) flags.push({ kind: 'canary', label: 'Canary' });
  return flags;
}

/** The first ring a new release may start at, in the publish form. */
export const FIRST_RINGS = [
  { value: 'canary', label: 'Canary devices only (widen later)' },
  { value: 'all', label: 'All devices at once' },
] as const;

const INSTALLER = /\.(exe|dmg|zip|appimage|deb|rpm)$/i;

/** Why the chosen files cannot be published as they are, or null. */
export function publishProblem(version: string, files: readonly { name: string }[]): string | null {
  if (!/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version.trim())) return 'Enter the version the installers carry, such as 1.4.0 or 1.5.0-beta.1.';
  if (files.length === 0) return 'Choose the installers to publish (and their .blockmap files).';
  if (!files.some((f) => INSTALLER.test(f.name))) return 'Choose at least one installer (.exe, .dmg, .zip, .AppImage, .deb or .rpm), not only block maps.';
  return null;
}
