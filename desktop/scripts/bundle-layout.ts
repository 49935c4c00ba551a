/**
 * Where the Electron bundles land under `desktop/dist/`. The build writes these paths and main
 * resolves its siblings from them, so both sides read this one table.
 */
export const BUNDLE_LAYOUT = {
  main: 'main/main.cjs',
  preload: 'preload/preload.cjs',
  core: 'core/utility-process.cjs',
  renderer: 'renderer',
  rendererEntry: 'renderer/index.html',
} as const;
