import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_LAYOUT } from '../scripts/bundle-layout';
import { appPaths } from './app-paths';

describe('appPaths', () => {
  it('finds the preload, the core and the renderer where the build puts them', () => {
    const dist = path.resolve('/opt/CapLiquify/resources/app.asar/dist');
    const mainDir = path.dirname(path.join(dist, BUNDLE_LAYOUT.main));
    expect(appPaths(mainDir)).toEqual({
      preload: path.join(dist, BUNDLE_LAYOUT.preload),
      core: path.join(dist, BUNDLE_LAYOUT.core),
      renderer: path.join(dist, BUNDLE_LAYOUT.renderer),
    });
  });
});
