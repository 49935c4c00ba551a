import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { devicePercentile, INITIAL_ROLLOUT, parseRing, promoteRollout, ringAdmits, RingPromotionError, type RingDevice, type Rollout } from './rollout-rings';

const SITES = ['site_a', 'site_b', 'site_c'];
const fleet: RingDevice[] = Array.from({ length: 3_000 }, (_, i) => ({ id: `dev_${i}`, siteId: SITES[i % 3]!, canary: i < 3 }));
const admitted = (rollout: Rollout, releaseId = 'rel_1') => fleet.filter((d) => ringAdmits(rollout, releaseId, d)).map((d) => d.id);

describe('rollout rings', () => {
  it('reaches canary devices, then sites in order, then a share of the rest, then everyone', () => {
    expect(admitted(INITIAL_ROLLOUT)).toEqual(['dev_0', 'dev_1', 'dev_2']);
    const oneSite = promoteRollout(INITIAL_ROLLOUT, { ring: 'sites', siteOrder: ['site_b', 'site_a', 'site_c'] }, SITES);
    expect(oneSite).toMatchObject({ stage: 'sites', sitesReached: 1 });
    expect(admitted(oneSite).length).toBe(2 + 1_000);
    const twoSites = promoteRollout(oneSite, { ring: 'sites' }, SITES);
    expect(fleet.filter((d) => ringAdmits(twoSites, 'rel_1', d) && !d.canary).every((d) => d.siteId !== 'site_c')).toBe(true);
    const quarter = promoteRollout(twoSites, { ring: 'percent', percent: 25 }, SITES);
    const siteC = fleet.filter((d) => d.siteId === 'site_c' && !d.canary);
    const share = siteC.filter((d) => ringAdmits(quarter, 'rel_1', d)).length / siteC.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    expect(admitted(promoteRollout(quarter, { ring: 'all' }, SITES)).length).toBe(fleet.length);
  });

  it('decides the same for the same device and release every time, and differently across releases', () => {
    const rollout = promoteRollout(INITIAL_ROLLOUT, { ring: 'percent', percent: 50 }, SITES);
    expect(admitted(rollout)).toEqual(admitted(rollout));
    expect(devicePercentile('dev_7', 'rel_1')).toBe(devicePercentile('dev_7', 'rel_1'));
    expect(admitted(rollout, 'rel_1')).not.toEqual(admitted(rollout, 'rel_2'));
  });

  it('only ever widens: a device in at one percentage stays in at every higher one (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), (deviceId, releaseId, p, extra) => {
      const low = promoteRollout(INITIAL_ROLLOUT, { ring: 'percent', percent: p }, SITES);
      const high = promoteRollout(low, { ring: 'percent', percent: Math.min(100, p + extra) }, SITES);
      const device = { id: deviceId, siteId: null, canary: false };
      if (ringAdmits(low, releaseId, device)) expect(ringAdmits(high, releaseId, device)).toBe(true);
    }));
  });

  it('refuses to narrow, to repeat a percentage, to skip past the sites, or to name sites that do not exist', () => {
    const quarter = promoteRollout(INITIAL_ROLLOUT, { ring: 'percent', percent: 25 }, SITES);
    const refusals = [
      () => promoteRollout(quarter, { ring: 'canary' }, SITES),
      () => promoteRollout(quarter, { ring: 'percent', percent: 25 }, SITES),
      () => promoteRollout(quarter, { ring: 'percent', percent: 0 }, SITES),
      () => promoteRollout(promoteRollout(quarter, { ring: 'all' }, SITES), { ring: 'all' }, SITES),
      () => promoteRollout(INITIAL_ROLLOUT, { ring: 'sites', siteOrder: ['site_z'] }, SITES),
      () => promoteRollout(promoteRollout(INITIAL_ROLLOUT, { ring: 'sites', siteOrder: ['site_a'] }, SITES), { ring: 'sites' }, SITES),
    ];
    for (const refusal of refusals) expect(refusal).toThrow(RingPromotionError);
    expect(promoteRollout(quarter, { ring: 'percent', percent: 100 }, SITES).stage).toBe('all');
  });

  it('reads the CLI ring names', () => {
    expect(['canary', 'sites', 'percent:10', 'all', 'percent:', 'half'].map(parseRing)).toEqual([
      { ring: 'canary' }, { ring: 'sites' }, { ring: 'percent', percent: 10 }, { ring: 'all' }, null, null,
    ]);
  });
});
