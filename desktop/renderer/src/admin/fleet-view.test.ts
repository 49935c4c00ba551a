import { describe, expect, it } from 'vitest';
import { describeProgress, deviceFlags, formatSize, formatWait, publishProblem, widenChoices, type RolloutView } from './fleet-view';

const canary: RolloutView = { stage: 'canary', siteOrder: [], sitesReached: 0, percent: 0 };

describe('widening a rollout', () => {
  it('offers the first site, larger percentages and all devices from the canary ring', () => {
    expect(widenChoices(canary, 'rolling').map((c) => c.value)).toEqual(['sites', 'percent:10', 'percent:25', 'percent:50', 'all']);
    expect(widenChoices(canary, 'rolling')[0]!.label).toBe('The first site');
  });
  it('offers the next site while sites are left, and only percentages above the current one', () => {
    const twoOfThree: RolloutView = { stage: 'percent', siteOrder: ['a', 'b', 'c'], sitesReached: 2, percent: 25 };
    expect(widenChoices(twoOfThree, 'rolling').map((c) => c.label)).toEqual(['The next site (3 of 3)', '50% of the other devices', 'All devices']);
    expect(widenChoices({ ...twoOfThree, sitesReached: 3 }, 'rolling').map((c) => c.value)).toEqual(['percent:50', 'all']);
  });
  it('offers nothing for a paused, rolled back or complete release', () => {
    expect(widenChoices(canary, 'paused')).toEqual([]);
    expect(widenChoices(canary, 'rolled_back')).toEqual([]);
    expect(widenChoices({ ...canary, stage: 'all', percent: 100 }, 'complete')).toEqual([]);
  });
});

describe('the Fleet screen’s wording', () => {
  it('says how long work has waited and how big a file is', () => {
    expect([formatWait(0), formatWait(12.7), formatWait(61), formatWait(47 * 60), formatWait(72 * 60)]).toEqual(['0 min', '12 min', '1 h', '47 h', '3 days']);
    expect([formatSize(412), formatSize(850_000), formatSize(5 * 1024 * 1024), formatSize(3 * 1024 ** 3)]).toEqual(['412 bytes', '830 KB', '5.0 MB', '3.0 GB']);
  });
  it('describes a rollout’s progress', () => {
    expect(describeProgress({ eligible: 0, offered: 0, taken: 0 })).toBe('No device in its rings yet');
    expect(describeProgress({ eligible: 2, offered: 1, taken: 1 })).toBe('1 of 2 running it · 1 offered');
  });
  it('lists a device’s flags, data at risk first', () => {
    expect(deviceFlags({ dataAtRisk: true, behind: true, offline: true, revoked: false, canary: true }).map((f) => f.label)).toEqual(['Data at risk', 'Offline', 'Behind', 'Canary']);
    expect(deviceFlags({ dataAtRisk: false, behind: false, offline: false, revoked: false, canary: false })).toEqual([]);
  });
  it('says what is missing before a publish is sent', () => {
    expect(publishProblem('two', [{ name: 'a.exe' }])).toMatch(/^Enter the version/);
    expect(publishProblem('2.0.0', [])).toMatch(/^Choose the installers/);
    expect(publishProblem('2.0.0', [{ name: 'a.exe.blockmap' }])).toMatch(/not only block maps/);
    expect(publishProblem('v2.0.0-beta.1', [{ name: 'CapLiquify-2.0.0-beta.1-x86_64.AppImage' }])).toBeNull();
  });
});
