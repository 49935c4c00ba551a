import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_DIR } from './build-electron';

const ROOT = path.resolve(DESKTOP_DIR, '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step { name?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }
interface Workflow { on: unknown; jobs: Record<string, { needs?: string; strategy?: { matrix: { os: string[] } }; steps: Step[] }> }
const workflow = yaml.load(readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as Workflow;
const installers = workflow.jobs.installers!;
const publish = workflow.jobs.publish!;
const runs = (steps: Step[]) => steps.map((s) => s.run ?? '').join('\n');

describe('the release workflow', () => {
  it('builds the installers on Windows, macOS and Linux from a version tag', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    expect(installers.strategy?.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
    expect(runs(installers.steps)).toMatch(/npx electron-builder --publish never "\$\{signing\[@\]\}"/);
  });

  it('signs through the tested signing script, and smoke-tests the packaged app on each system', () => {
    const signing = installers.steps.find((s) => s.run?.includes('desktop/scripts/release-signing.ts'));
    expect(Object.keys(signing?.env ?? {})).toEqual(expect.arrayContaining(['CSC_LINK', 'WIN_PUBLISHER_NAME', 'APPLE_ID', 'APPLE_API_KEY']));
    const smoke = installers.steps.find((s) => s.env?.CAPLIQUIFY_SMOKE_TEST === '1');
    expect(smoke?.run).toMatch(/linux-unpacked\/capliquify/);
    expect(smoke?.run).toMatch(/CapLiquify\.app\/Contents\/MacOS\/CapLiquify/);
    expect(smoke?.run).toMatch(/win-unpacked\/CapLiquify\.exe/);
    expect(runs(installers.steps)).toMatch(/vitest run --project unit desktop\/main desktop\/scripts/);
  });

  it('uploads the installers and block maps, never electron-builder’s own feed files', () => {
    const upload = installers.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    const paths = upload?.with?.path?.trim().split('\n').map((p) => p.trim()) ?? [];
    expect(paths).toEqual(['release/*.exe', 'release/*.dmg', 'release/*.zip', 'release/*.AppImage', 'release/*.deb', 'release/*.blockmap']);
  });

  it('publishes with the release CLI through the update server, to the channel the version names', () => {
    expect(publish.needs).toBe('installers');
    expect(runs(publish.steps)).toContain('npm run cli -- releases publish --server "$CAPLIQUIFY_SERVER_URL" --channel "$channel" --version "$version" "${files[@]}"');
    // The runner has no database: the token (a publish token from `releases token create`) is checked before anything is built or sent.
    expect(runs(publish.steps)).toMatch(/Set the CAPLIQUIFY_RELEASE_TOKEN secret/);
    expect(runs(publish.steps)).toContain('channel="$(npx tsx desktop/scripts/release-channel.ts "$version")"');
    const channel = (version: string) => execFileSync(process.execPath, ['--import', 'tsx', path.join(DESKTOP_DIR, 'scripts', 'release-channel.ts'), version], { encoding: 'utf8' }).trim();
    expect(channel('1.4.0')).toBe('stable');
    expect(channel('1.4.0-beta.2')).toBe('beta');
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', path.join(DESKTOP_DIR, 'scripts', 'release-channel.ts'), 'v-next'], { stdio: 'pipe' })).toThrow();
  });
});
