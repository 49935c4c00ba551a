// The packaged app's fuses, read back by @electron/fuses itself after electron-builder's afterPack
// hook ran on a stand-in binary (the real one cannot run here): no Node escape hatches, and the app
// loads only from an integrity-checked app.asar. Per platform layout: Linux, Windows, macOS.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Fuses from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESKTOP_DIR } from './build-electron';
import { fakeElectronBinary } from './fake-electron-binary';

const ROOT = path.resolve(DESKTOP_DIR, '..');
const require = createRequire(import.meta.url);
const fuses = require('@electron/fuses') as typeof Fuses;
const { FuseState } = require('@electron/fuses/dist/constants') as { FuseState: Record<'ENABLE' | 'DISABLE', number> };
const { Arch } = require('builder-util') as { Arch: Record<string, number> };
const yaml = require('js-yaml') as { load(text: string): unknown };

interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { executableName: string; appInfo: { productFilename: string } };
}
type AfterPack = (context: AfterPackContext) => Promise<void>;

const HOOK = path.join(ROOT, 'build-resources', 'after-pack.cjs');
const { FuseV1Options } = fuses;

// Where each platform's fuse wire lives once electron-builder has packed the app.
const LAYOUTS = [
  { platform: 'linux', arch: 'x64', binary: 'capliquify', wireFile: 'capliquify' },
  { platform: 'win32', arch: 'x64', binary: 'CapLiquify.exe', wireFile: 'CapLiquify.exe' },
  { platform: 'darwin', arch: 'x64', binary: 'CapLiquify.app', wireFile: 'CapLiquify.app/Contents/Frameworks/Electron Framework.framework/Electron Framework' },
];

describe('the afterPack hook electron-builder runs', () => {
  let appOutDir: string;

  beforeEach(async () => {
    appOutDir = await mkdtemp(path.join(tmpdir(), 'capliquify-fuses-'));
  });
  afterEach(() => rm(appOutDir, { recursive: true, force: true }));

  it('is the one electron-builder.yml names', () => {
    const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { afterPack: string };
    expect(path.resolve(ROOT, config.afterPack)).toBe(HOOK);
    expect(typeof (require(HOOK) as { default: unknown }).default).toBe('function');
  });

  it.each(LAYOUTS)('turns the Node escape hatches off and asar-only loading on ($platform)', async ({ platform, arch, binary, wireFile }) => {
    const fuseFile = path.join(appOutDir, wireFile);
    await mkdir(path.dirname(fuseFile), { recursive: true });
    await writeFile(fuseFile, fakeElectronBinary());
    // Electron ships with RunAsNode on: the hook, not the stand-in, must turn it off.
    expect((await fuses.getCurrentFuseWire(path.join(appOutDir, binary)))[FuseV1Options.RunAsNode]).toBe(FuseState.ENABLE);

    const afterPack = (require(HOOK) as { default: AfterPack }).default;
    await afterPack({ appOutDir, electronPlatformName: platform, arch: Arch[arch]!, packager: { executableName: 'capliquify', appInfo: { productFilename: 'CapLiquify' } } });

    const wire = (await fuses.getCurrentFuseWire(path.join(appOutDir, binary))) as unknown as Record<number, number>;
    const state = (fuse: number) => ({ [FuseState.ENABLE]: 'on', [FuseState.DISABLE]: 'off' })[wire[fuse]!] ?? `unexpected ${wire[fuse]}`;
    expect({
      RunAsNode: state(FuseV1Options.RunAsNode),
      EnableNodeOptionsEnvironmentVariable: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      EnableNodeCliInspectArguments: state(FuseV1Options.EnableNodeCliInspectArguments),
      EnableEmbeddedAsarIntegrityValidation: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      OnlyLoadAppFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      GrantFileProtocolExtraPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      RunAsNode: 'off',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      GrantFileProtocolExtraPrivileges: 'off',
    });
  });

  it('fails the build rather than ship a binary whose fuses it cannot find', async () => {
    await writeFile(path.join(appOutDir, 'capliquify'), Buffer.from('\x7fELF no fuse wire in here'));
    const afterPack = (require(HOOK) as { default: AfterPack }).default;
    await expect(afterPack({ appOutDir, electronPlatformName: 'linux', arch: Arch.x64!, packager: { executableName: 'capliquify', appInfo: { productFilename: 'CapLiquify' } } }))
      .rejects.toThrow(/sentinel/);
  });
});
