import { createHash } from 'node:crypto';
import type { ReleaseStage } from '../../db/fleet.schema';

/**
 * How far a release has rolled out: canary devices first, then site by site in `siteOrder` (the
 * first `sitesReached`), then `percent` of the remaining devices (chosen by a hash of device and
 * release, so the same devices stay in as it widens), then every device.
 */
export interface Rollout {
  stage: ReleaseStage;
  siteOrder: string[];
  sitesReached: number;
  percent: number;
}

export interface RingDevice {
  id: string;
  siteId: string | null;
  canary: boolean;
}

/** A request to widen a rollout: `sites` adds the next site of the order (`siteOrder` sets the order first). */
export type RingPromotion =
  | { ring: 'canary' }
  | { ring: 'sites'; siteOrder?: string[] }
  | { ring: 'percent'; percent: number }
  | { ring: 'all' };

export const INITIAL_ROLLOUT: Rollout = { stage: 'canary', siteOrder: [], sitesReached: 0, percent: 0 };

/**
 * Where the device falls in [0, 100) for this release: the first 32 bits of
 * sha256(release id, device id). Deterministic, and independent between releases, so one unlucky
 * device is not always the first of every rollout.
 */
export function devicePercentile(deviceId: string, releaseId: string): number {
  const digest = createHash('sha256').update(`${releaseId}\n${deviceId}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/** Whether the rollout's rings reach this device (pausing is decided by the caller: see release-choice.ts). */
export function ringAdmits(rollout: Rollout, releaseId: string, device: RingDevice): boolean {
  if (rollout.stage === 'all' || device.canary) return true;
  if (device.siteId !== null && rollout.siteOrder.slice(0, rollout.sitesReached).includes(device.siteId)) return true;
  return rollout.percent > 0 && devicePercentile(device.id, releaseId) < rollout.percent;
}

/** Why a promotion cannot be made, in words for the admin. */
export class RingPromotionError extends Error {
  override readonly name = 'RingPromotionError';
}

/**
 * The rollout after widening it. It never narrows (pause instead), a percentage only grows, and
 * `sites` needs a site order: the one given, or `allSites` (the tenant's sites, in their order).
 */
export function promoteRollout(current: Rollout, promotion: RingPromotion, allSites: readonly string[]): Rollout {
  if (current.stage === 'all') throw new RingPromotionError('The release already reaches every device.');
  switch (promotion.ring) {
    case 'canary':
      if (current.stage !== 'canary') throw new RingPromotionError(`The release is already past the canary ring (at ${describeRollout(current)}); pause it to stop new devices.`);
      return current;
    case 'sites': {
      const order = promotion.siteOrder ?? (current.siteOrder.length > 0 ? current.siteOrder : [...allSites]);
      const unknown = order.filter((site) => !allSites.includes(site));
      if (unknown.length > 0) throw new RingPromotionError(`No site ${unknown.map((s) => `"${s}"`).join(', ')} in this organisation.`);
      if (new Set(order).size !== order.length) throw new RingPromotionError('A site appears twice in the site order.');
      const reached = current.siteOrder.slice(0, current.sitesReached);
      if (reached.some((site, i) => order[i] !== site)) throw new RingPromotionError(`The sites already reached (${reached.join(', ')}) must stay first in the order.`);
      if (current.sitesReached >= order.length) throw new RingPromotionError('Every site in the order already has the release; promote to a percentage or to all.');
      return { ...current, stage: current.stage === 'percent' ? 'percent' : 'sites', siteOrder: order, sitesReached: current.sitesReached + 1 };
    }
    case 'percent':
      if (!Number.isInteger(promotion.percent) || promotion.percent < 1 || promotion.percent > 100) throw new RingPromotionError('A percentage is a whole number from 1 to 100.');
      if (promotion.percent <= current.percent) throw new RingPromotionError(`The release already reaches ${current.percent}% of the other devices; choose more.`);
      return promotion.percent === 100 ? { ...current, stage: 'all', percent: 100 } : { ...current, stage: 'percent', percent: promotion.percent };
    case 'all':
      return { ...current, stage: 'all' };
  }
}

/** "canary", "2 of 3 sites", "canary + 1 site + 25%", "all". */
export function describeRollout(rollout: Rollout): string {
  if (rollout.stage === 'all') return 'all devices';
  const parts = ['canary'];
  if (rollout.sitesReached > 0) parts.push(`${rollout.sitesReached} of ${rollout.siteOrder.length} site${rollout.siteOrder.length === 1 ? '' : 's'}`);
  if (rollout.percent > 0) parts.push(`${rollout.percent}% of the rest`);
  return parts.join(' + ');
}

/** Reads `canary`, `sites`, `percent:25` or `all` (the CLI's `--ring`). */
export function parseRing(text: string): RingPromotion | null {
  if (text === 'canary' || text === 'sites' || text === 'all') return { ring: text };
  const match = /^percent:(\d{1,3})$/.exec(text);
  return match ? { ring: 'percent', percent: Number(match[1]) } : null;
}
