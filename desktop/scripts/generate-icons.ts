// Writes the app icons into build-resources/: icon.png (1024², electron-builder derives the macOS
// .icns and the Windows .ico from it) and icons/<n>x<n>.png for Linux desktops.
// Run: npx tsx desktop/scripts/generate-icons.ts
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP_DIR } from './build-electron';
import { drawIcon } from './draw-icon';
import { encodePng } from './png-encoder';

export const BUILD_RESOURCES_DIR = path.resolve(DESKTOP_DIR, '..', 'build-resources');
export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

const iconsDir = path.join(BUILD_RESOURCES_DIR, 'icons');
await mkdir(iconsDir, { recursive: true });
await writeFile(path.join(BUILD_RESOURCES_DIR, 'icon.png'), encodePng(1024, 1024, drawIcon(1024)));
for (const size of LINUX_ICON_SIZES) {
  await writeFile(path.join(iconsDir, `${size}x${size}.png`), encodePng(size, size, drawIcon(size)));
}
console.log(`icons written to ${path.relative(process.cwd(), BUILD_RESOURCES_DIR)}`);
