import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSemVer, compareVersions, nextVersion, parseSemVer, sameVersion } from './semver';

describe('semantic versions', () => {
  it('reads versions, git tags and build metadata, and refuses what is not one', () => {
    expect(parseSemVer('v1.2.3+build.7')?.text).toBe('1.2.3');
    expect(parseSemVer('1.3.0-beta.2')).toMatchObject({ major: 1, minor: 3, patch: 0, prerelease: ['beta', 2] });
    for (const bad of ['1.2', '01.2.3', '1.2.3-', '1.2.3-beta..1', '1.2.3-01', 'latest', '']) expect(parseSemVer(bad), bad).toBeNull();
  });

  it('orders by the precedence semver.org gives as its example', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(ordered);
    expect(sameVersion('1.0.0+a', 'v1.0.0')).toBe(true);
    expect(sameVersion('1.0.0', null)).toBe(false);
  });

  it('is a total order consistent with equality (property)', () => {
    const version = fc.record({
      major: fc.nat(3), minor: fc.nat(3), patch: fc.nat(3),
      pre: fc.array(fc.oneof(fc.nat(3), fc.constantFrom('alpha', 'beta', 'rc')), { maxLength: 3 }),
    }).map((v) => `${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}`);
    fc.assert(fc.property(version, version, version, (a, b, c) => {
      const [x, y, z] = [a, b, c].map((t) => parseSemVer(t)!);
      // Antisymmetric: the two signs cancel (a sum, as Object.is tells 0 from -0 for two equal versions).
      expect(Math.sign(compareSemVer(x!, y!)) + Math.sign(compareSemVer(y!, x!))).toBe(0);
      if (compareSemVer(x!, y!) <= 0 && compareSemVer(y!, z!) <= 0) expect(compareSemVer(x!, z!)).toBeLessThanOrEqual(0);
      expect(compareSemVer(x!, y!) === 0).toBe(a === b);
    }), { numRuns: 1_000, examples: [['1.3.0', '1.3.0', '0.0.0']] });
  });

  it('finds the next version above one, for a rollback', () => {
    expect(nextVersion(parseSemVer('1.2.3')!)).toBe('1.2.4');
    expect(nextVersion(parseSemVer('1.3.0-beta.2')!)).toBe('1.3.0-beta.3');
    expect(nextVersion(parseSemVer('1.3.0-beta')!)).toBe('1.3.0-beta.1');
    fc.assert(fc.property(fc.nat(50), fc.nat(50), fc.nat(50), (a, b, c) => {
      const v = parseSemVer(`${a}.${b}.${c}`)!;
      expect(compareSemVer(parseSemVer(nextVersion(v))!, v)).toBeGreaterThan(0);
    }));
  });
});
