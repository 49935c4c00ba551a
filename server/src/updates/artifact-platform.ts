import type { ReleasePlatform } from '../db/fleet.schema';

export const PLATFORMS: readonly ReleasePlatform[] = ['windows', 'mac', 'linux'];

// What electron-builder makes per platform (electron-builder.yml): NSIS installers (and the web
// installer's packages), dmg and the zip that macOS updates from, AppImage, deb and rpm. A
// `.blockmap` (differential downloads) belongs to the platform of the file it maps.
const EXTENSIONS: [RegExp, ReleasePlatform][] = [
  [/\.(exe|msi|nsis\.7z)$/i, 'windows'],
  [/\.(dmg|zip|pkg)$/i, 'mac'],
  [/\.(AppImage|deb|rpm|snap|pacman)$/i, 'linux'],
];

/** The platform an artifact is for, from its name; null when we do not recognise it. */
export function platformOfArtifact(name: string): ReleasePlatform | null {
  const base = name.replace(/\.blockmap$/i, '');
  return EXTENSIONS.find(([pattern]) => pattern.test(base))?.[1] ?? null;
}

/** Block maps are served for differential downloads but not listed in the feed. */
export function isBlockMap(name: string): boolean {
  return /\.blockmap$/i.test(name);
}

/** Metadata electron-builder writes next to the installers: the server writes its own feed instead. */
export function isBuilderMetadata(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

// What electron-updater installs from, most preferred first: the NSIS installer; the zip (macOS
// updates only from it); the AppImage, then the packages.
const PRIMARY: Record<ReleasePlatform, RegExp[]> = {
  windows: [/\.exe$/i, /\.msi$/i],
  mac: [/\.zip$/i, /\.dmg$/i],
  linux: [/\.AppImage$/i, /\.deb$/i, /\.rpm$/i],
};

/** The file a feed's deprecated top-level `path`/`sha512` name (electron-builder puts the main installer there). */
export function primaryArtifact<T extends { name: string }>(platform: ReleasePlatform, files: readonly T[]): T | null {
  for (const pattern of PRIMARY[platform]) {
    const found = files.find((f) => pattern.test(f.name));
    if (found) return found;
  }
  return files[0] ?? null;
}

/** A name safe to store and serve: no folders, nothing hidden, printable, and not too long. */
export function isSafeArtifactName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9 ._+()-]{0,199}$/.test(name) && !name.includes('..');
}

/**
 * The platform of an electron-updater channel file: `latest.yml` (Windows), `latest-mac.yml`,
 * `latest-linux.yml`, or the same with another channel's name (`beta-mac.yml`) when the updater
 * names one. The folder of the URL picks the channel, not this prefix. Null for anything else (an
 * artifact), and for `-linux-arm64.yml`: no arm64 Linux build is made.
 */
export function feedFilePlatform(file: string): ReleasePlatform | null {
  const match = /^[a-z][a-z0-9-]*?(-mac|-linux|-linux-arm64)?\.yml$/.exec(file);
  if (!match || match[1] === '-linux-arm64') return null;
  return match[1] === '-mac' ? 'mac' : match[1] === '-linux' ? 'linux' : 'windows';
}
