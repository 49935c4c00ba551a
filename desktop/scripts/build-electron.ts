// Bundles Electron main, the sandboxed preload and the core's utility process with Vite's build
// API (SSR/library mode, CommonJS out, since the desktop package is `"type": "module"` and
// Electron loads these with require). Needs no Electron binary.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { BUNDLE_LAYOUT } from './bundle-layout';

export const DESKTOP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

interface BundleTarget {
  name: 'main' | 'preload' | 'core';
  entry: string;
  output: string;
  /** What stays a `require` in the bundle; everything else is bundled in. */
  external: string[];
}

// Electron 45 runs Node 22.
const TARGET = 'node22';

export const BUNDLE_TARGETS: readonly BundleTarget[] = [
  { name: 'main', entry: 'main/main.ts', output: BUNDLE_LAYOUT.main, external: ['electron', ...NODE_BUILTINS] },
  // Sandboxed: `require` knows only electron (and a few polyfills), so nothing else may stay external.
  { name: 'preload', entry: 'preload/preload.ts', output: BUNDLE_LAYOUT.preload, external: ['electron'] },
  // better-sqlite3 is a native module: it ships unpacked from the asar, rebuilt for Electron.
  { name: 'core', entry: 'core/entry/utility-process.ts', output: BUNDLE_LAYOUT.core, external: ['better-sqlite3', ...NODE_BUILTINS] },
];

export interface BuildElectronOptions {
  desktopDir?: string;
  /** Defaults to `<desktopDir>/dist`. */
  outDir?: string;
  logLevel?: InlineConfig['logLevel'];
}

export function bundleConfig(target: BundleTarget, desktopDir: string, outDir: string, logLevel: InlineConfig['logLevel']): InlineConfig {
  const output = path.join(outDir, target.output);
  return {
    configFile: false,
    root: desktopDir,
    logLevel,
    mode: 'production',
    ssr: { noExternal: true, external: target.external.filter((name) => !name.startsWith('node:')) },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // readable-stream (under exceljs) asks for the npm polyfill `string_decoder/`, which the bundle
    // would leave as an outside require; Node's own module is the same API.
    resolve: { alias: [{ find: /^string_decoder\/$/, replacement: 'node:string_decoder' }] },
    build: {
      ssr: path.join(desktopDir, target.entry),
      outDir: path.dirname(output),
      emptyOutDir: true,
      target: TARGET,
      minify: false,
      sourcemap: true,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: target.external,
        output: { format: 'cjs', entryFileNames: path.basename(output), codeSplitting: false, exports: 'auto' },
      },
    },
  };
}

/** Builds the three bundles; returns their absolute paths by name. */
export async function buildElectron(options: BuildElectronOptions = {}): Promise<Record<BundleTarget['name'], string>> {
  const desktopDir = options.desktopDir ?? DESKTOP_DIR;
  const outDir = options.outDir ?? path.join(desktopDir, 'dist');
  const built = {} as Record<BundleTarget['name'], string>;
  // One after another: each build empties only its own folder, and the machine has two cores.
  for (const target of BUNDLE_TARGETS) {
    await build(bundleConfig(target, desktopDir, outDir, options.logLevel ?? 'warn'));
    built[target.name] = path.join(outDir, target.output);
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildElectron({ logLevel: 'info' });
  for (const [name, file] of Object.entries(built)) console.log(`${name.padEnd(8)} ${path.relative(process.cwd(), file)}`);
}
