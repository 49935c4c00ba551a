import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_DIR } from './build-electron';
import { BUNDLE_LAYOUT } from './bundle-layout';
import { FUSE_DISABLE, FUSE_ENABLE, fakeElectronBinary, readFuseWire } from './fake-electron-binary';
import { signingPlan } from './release-signing';

const ROOT = path.resolve(DESKTOP_DIR, '..');
const require = createRequire(import.meta.url);
// electron-builder's own YAML parser, schema validator and fuse library.
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger, Arch } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown; Arch: Record<string, number> };
const { deepAssign } = require('builder-util-runtime') as { deepAssign<T>(target: T, ...objects: unknown[]): T };
// electron-builder's command line: how it turns `-c.<path>=<value>` into configuration.
const cli = require('electron-builder/out/builder.js') as {
  createYargs(): unknown;
  configureBuildCommand(yargs: unknown): { parse(args: string[]): Record<string, unknown> };
  normalizeOptions(args: Record<string, unknown>): { config?: Record<string, unknown> };
};

interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}
const hook = require(path.join(ROOT, 'build-resources', 'after-pack.cjs')) as {
  default(context: AfterPackContext): Promise<void>;
  fuseConfig(platform: string, arch: number): Record<string, unknown>;
  electronBinaryPath(context: AfterPackContext): string;
};

interface Targets { icon: string; target: Array<{ target: string }> }
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { app: string; output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  afterPack: string;
  win: Targets;
  mac: Targets & { hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  linux: Targets;
  publish: unknown;
  detectUpdateChannel: boolean;
  nsis: { deleteAppDataOnUninstall: boolean };
}
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packages desktop/ as the app with only its bundles and manifest', () => {
    expect(config).toMatchObject({ appId: 'dev.capliquify.desktop', productName: 'CapLiquify' });
    expect(config.directories).toEqual({ app: 'desktop', output: 'release', buildResources: 'build-resources' });
    expect(config.files.filter((pattern) => !pattern.startsWith('!'))).toEqual(['dist/**', 'package.json']);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, config.directories.app, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe(`dist/${BUNDLE_LAYOUT.main}`);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });

  it('builds NSIS, dmg with the hardened runtime, AppImage and deb', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('publishes to the fleet update feed per channel', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.CAPLIQUIFY_UPDATE_URL}/updates/${channel}' });
    // Every channel's folder holds latest*.yml: the server writes them, the updater reads no beta.yml.
    expect(config.detectUpdateChannel).toBe(false);
  });

  it('keeps the replica and its unsent work when the app is uninstalled', () => {
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  /** The configuration electron-builder builds with after the signing step's `-c.` arguments, validated by its own schema. */
  async function withSigning(env: Record<string, string>) {
    const { builderArgs } = signingPlan(env);
    const parsed = cli.normalizeOptions(cli.configureBuildCommand(cli.createYargs()).parse(['--publish', 'never', ...builderArgs]));
    const merged = deepAssign(structuredClone(config) as unknown as Record<string, unknown>, parsed.config ?? {}) as unknown as BuilderConfig & {
      win: { signtoolOptions?: { publisherName?: string } }; mac: { notarize?: unknown };
    };
    await validateConfiguration(merged, new DebugLogger(false));
    return merged;
  }

  it('skips notarisation cleanly without Apple credentials, and signs nothing it has no certificate for', async () => {
    const unsigned = await withSigning({});
    expect(unsigned.mac.notarize).toBe(false);
    expect(unsigned.win.signtoolOptions).toBeUndefined();
    expect(signingPlan({}).env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
  });

  it('takes the Windows publisher name and notarisation from the environment when they are there', async () => {
    const signed = await withSigning({
      CSC_LINK: 'p12', WIN_PUBLISHER_NAME: 'CapLiquify Ltd', APPLE_ID: 'a@capliquify.dev', APPLE_APP_SPECIFIC_PASSWORD: 'pw', APPLE_TEAM_ID: 'TEAM',
    });
    expect(signed.win.signtoolOptions).toEqual({ publisherName: 'CapLiquify Ltd' });
    expect(signed.mac.notarize).toBeUndefined();
    expect(signed.win.target).toEqual(config.win.target);
  });

  it('references only files that exist', () => {
    const referenced = [
      config.directories.app,
      config.directories.buildResources,
      config.afterPack,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.mac.icon,
      config.win.icon,
      config.linux.icon,
    ];
    for (const file of referenced) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
  });

  it('ships icons big enough for every platform', () => {
    expect(pngSize(path.join(ROOT, config.mac.icon))).toEqual({ width: 1024, height: 1024 });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const file = path.join(ROOT, config.linux.icon, `${size}x${size}.png`);
      expect(statSync(file).isFile()).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
  });

  it('grants the hardened runtime only the JIT entitlements V8 needs', () => {
    const plist = readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.cs.allow-unsigned-executable-memory']);
  });
});

describe('after-pack fuse hook', () => {
  it('flips the fuses of the packaged binary that electron-builder names', async () => {
    const appOutDir = await mkdtemp(path.join(tmpdir(), 'capliquify-after-pack-'));
    try {
      const context = { appOutDir, electronPlatformName: 'linux', arch: Arch.x64!, packager: { executableName: 'capliquify', appInfo: { productFilename: 'CapLiquify' } } };
      const binary = path.join(appOutDir, 'capliquify');
      expect(hook.electronBinaryPath(context)).toBe(binary);
      await writeFile(binary, fakeElectronBinary());

      await hook.default(context);

      const [runAsNode, cookies, nodeOptions, inspect, asarIntegrity, onlyAsar, v8Snapshot, fileProtocol, spare] = readFuseWire(await readFile(binary));
      expect({ runAsNode, nodeOptions, inspect, fileProtocol }).toEqual({ runAsNode: FUSE_DISABLE, nodeOptions: FUSE_DISABLE, inspect: FUSE_DISABLE, fileProtocol: FUSE_DISABLE });
      expect({ asarIntegrity, onlyAsar }).toEqual({ asarIntegrity: FUSE_ENABLE, onlyAsar: FUSE_ENABLE });
      // Fuses we do not set keep Electron's value.
      expect({ cookies, v8Snapshot, spare }).toEqual({ cookies: FUSE_DISABLE, v8Snapshot: FUSE_DISABLE, spare: FUSE_ENABLE });
    } finally {
      await rm(appOutDir, { recursive: true, force: true });
    }
  });

  it('names the .app on macOS and the .exe on Windows', () => {
    const packager = { executableName: 'capliquify', appInfo: { productFilename: 'CapLiquify' } };
    expect(hook.electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'darwin', arch: Arch.arm64!, packager })).toBe(path.join('/out', 'CapLiquify.app'));
    expect(hook.electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'win32', arch: Arch.x64!, packager })).toBe(path.join('/out', 'CapLiquify.exe'));
  });

  it('re-signs ad hoc only where macOS requires it (arm64 and universal builds)', () => {
    expect(hook.fuseConfig('darwin', Arch.arm64!).resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfig('darwin', Arch.universal!).resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfig('darwin', Arch.x64!).resetAdHocDarwinSignature).toBe(false);
    expect(hook.fuseConfig('win32', Arch.arm64!).resetAdHocDarwinSignature).toBe(false);
  });
});
