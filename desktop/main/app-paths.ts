import path from 'node:path';
import { BUNDLE_LAYOUT } from '../scripts/bundle-layout';

export interface AppPaths {
  preload: string;
  core: string;
  renderer: string;
}

/** Absolute paths of the other bundles, from the folder the main bundle runs in (`dist/main`). */
export function appPaths(mainBundleDir: string): AppPaths {
  // The main bundle sits one folder below dist/ (BUNDLE_LAYOUT.main); the build test holds us to it.
  const dist = path.resolve(mainBundleDir, '..');
  return {
    preload: path.join(dist, BUNDLE_LAYOUT.preload),
    core: path.join(dist, BUNDLE_LAYOUT.core),
    renderer: path.join(dist, BUNDLE_LAYOUT.renderer),
  };
}
