import { describe, expect, it } from 'vitest';
import { releaseForAnyone } from '../domains/fleet/release-choice';
import { INITIAL_ROLLOUT } from '../domains/fleet/rollout-rings';
import { electronBuilderYaml, isStagingMatch, newStagingUserId } from './test/electron-updater-compat';
import { buildUpdateInfo, updateInfoYaml, type UpdateInfo } from './update-info';

describe('plain stagingPercentage for update checks without a device credential', () => {
  it('lets 10% ± 1 point of 10,000 random electron-updater installs take a release at percent:10', () => {
    const release = {
      id: 'rel_1', version: '2.0.0', state: 'rolling' as const, carriesVersion: null, platforms: new Set(['windows'] as const),
      rollout: { ...INITIAL_ROLLOUT, stage: 'percent' as const, percent: 10 }, notes: null, publishedAt: new Date(),
    };
    const chosen = releaseForAnyone([release], 'windows')!;
    const text = updateInfoYaml(buildUpdateInfo(chosen.release, 'windows', [{ name: 'Setup.exe', size: 1, sha512: `${'a'.repeat(86)}==` }], chosen.stagingPercentage)!);
    // What electron-updater reads from the channel file, and decides with, per install.
    const { stagingPercentage } = electronBuilderYaml.load(text) as UpdateInfo;
    expect(stagingPercentage).toBe(10);
    const ids = Array.from({ length: 10_000 }, newStagingUserId);
    expect(new Set(ids).size).toBe(ids.length);
    const share = ids.filter((id) => isStagingMatch(id, stagingPercentage)).length / ids.length;
    expect(share).toBeGreaterThanOrEqual(0.09);
    expect(share).toBeLessThanOrEqual(0.11);
    // The same install decides the same way at every check.
    expect(ids.slice(0, 100).map((id) => isStagingMatch(id, stagingPercentage))).toEqual(ids.slice(0, 100).map((id) => isStagingMatch(id, 10)));
  });
});
