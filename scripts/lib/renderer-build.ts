import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const rendererSrc = join(repoRoot, 'desktop', 'renderer');
export const rendererDist = join(repoRoot, 'desktop', 'dist', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when its bundle is missing or older than its sources; returns the bundle dir. */
export async function ensureRendererBuilt(log: (line: string) => void): Promise<string> {
  const index = join(rendererDist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(rendererSrc)) return rendererDist;
  log('building the desktop UI (renderer)…');
  const result = spawnSync('npm', ['run', '-s', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('building the desktop UI failed (see the output above)');
  return rendererDist;
}
