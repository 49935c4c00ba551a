import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedFilePlatform, platformOfArtifact } from './artifact-platform';
import { buildUpdateInfo, updateInfoYaml } from './update-info';
import { electronBuilderYaml } from './test/electron-updater-compat';

const release = { version: '1.2.3', notes: null, publishedAt: new Date('2026-03-01T10:00:00.000Z') };
const sha = (c: string) => `${c.repeat(86)}==`;

describe('the channel file', () => {
  it('lists the installers (not the block maps), names the main one in path and sha512, and reads back as electron-updater reads it', () => {
    const info = buildUpdateInfo(release, 'windows', [
      { name: 'CapLiquify-Setup-1.2.3.exe.blockmap', size: 9, sha512: sha('b') },
      { name: 'CapLiquify-Setup-1.2.3.exe', size: 81_234_567, sha512: `+/${sha('a').slice(2)}` },
    ], 10)!;
    const text = updateInfoYaml(info);
    expect(text).toBe([
      'version: 1.2.3',
      'files:',
      '  - url: CapLiquify-Setup-1.2.3.exe',
      `    sha512: +/${sha('a').slice(2)}`,
      '    size: 81234567',
      'path: CapLiquify-Setup-1.2.3.exe',
      `sha512: +/${sha('a').slice(2)}`,
      "releaseDate: '2026-03-01T10:00:00.000Z'",
      'stagingPercentage: 10',
      '',
    ].join('\n'));
    // Byte for byte what electron-builder writes (js-yaml's dump, lineWidth 8000) for the same info.
    expect(text).toBe(electronBuilderYaml.dump(info));
    expect(electronBuilderYaml.load(text)).toEqual(info);
  });

  it('picks the zip for macOS (Squirrel.Mac installs only from it) and the AppImage for Linux', () => {
    const mac = buildUpdateInfo(release, 'mac', [
      { name: 'CapLiquify-1.2.3-arm64.dmg', size: 1, sha512: sha('c') },
      { name: 'CapLiquify-1.2.3-arm64-mac.zip', size: 2, sha512: sha('d') },
    ])!;
    expect([mac.path, mac.files.length, mac.stagingPercentage]).toEqual(['CapLiquify-1.2.3-arm64-mac.zip', 2, undefined]);
    const linux = buildUpdateInfo(release, 'linux', [{ name: 'capliquify_1.2.3_amd64.deb', size: 1, sha512: sha('e') }, { name: 'CapLiquify-1.2.3-x86_64.AppImage', size: 3, sha512: sha('f') }])!;
    expect(linux.path).toBe('CapLiquify-1.2.3-x86_64.AppImage');
    expect(buildUpdateInfo(release, 'linux', [{ name: 'x.AppImage.blockmap', size: 1, sha512: sha('g') }])).toBeNull();
  });

  it('quotes whatever YAML would read as something else, so every string reads back unchanged (property)', () => {
    const tricky = ['true', 'null', '123', '1e3', '0x1F', '1.2', 'x: y', '#x', '-x', "it's", 'a b', '2026-01-01', '~', 'Yes', '.inf', 'line\nbreak', 'émoji ✓', '"q"', '[x]', '{x}', '*a', '&a', '!t', '%p', '@a', '`b', 'a #b', 'trailing '];
    const strings = fc.oneof(fc.constantFrom(...tricky), fc.string({ maxLength: 20 }), fc.stringMatching(/^[0-9a-z.:#' -]{1,12}$/));
    fc.assert(fc.property(strings, strings, (url, notes) => {
      const info = buildUpdateInfo({ ...release, version: '1.0.0-beta.1', notes }, 'windows', [{ name: `${url}.exe`, size: 1, sha512: sha('h') }])!;
      const read = electronBuilderYaml.load(updateInfoYaml(info));
      expect(read).toEqual(notes ? info : { ...info, releaseNotes: undefined });
    }), { numRuns: 500 });
  });

  it('knows each platform by its channel file and its artifacts', () => {
    expect(['latest.yml', 'latest-mac.yml', 'latest-linux.yml', 'beta-linux.yml', 'latest-linux-arm64.yml', 'Setup.exe', 'latest.yaml'].map(feedFilePlatform))
      .toEqual(['windows', 'mac', 'linux', 'linux', null, null, null]);
    expect(['A-Setup-1.0.0.exe', 'A.exe.blockmap', 'A-1.0.0-arm64-mac.zip', 'A.dmg', 'A.AppImage', 'a_1.0.0_amd64.deb', 'notes.txt'].map(platformOfArtifact))
      .toEqual(['windows', 'windows', 'mac', 'mac', 'linux', 'linux', null]);
  });
});
