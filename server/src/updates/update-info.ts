import type { ReleasePlatform } from '../db/fleet.schema';
import { isBlockMap, primaryArtifact } from './artifact-platform';

/** One file of a release as the feed lists it. */
export interface FeedFile {
  name: string;
  size: number;
  /** base64 sha512 of the bytes served under `name`. */
  sha512: string;
}

/**
 * builder-util-runtime's `UpdateInfo`, the channel file electron-updater reads: the files with
 * their base64 sha512 and size, the deprecated top-level `path`/`sha512` of the main installer,
 * the release date, and `stagingPercentage` when each client decides for itself.
 */
export interface UpdateInfo {
  version: string;
  files: { url: string; sha512: string; size: number }[];
  path: string;
  sha512: string;
  releaseNotes?: string;
  releaseDate: string;
  stagingPercentage?: number;
}

/** The update info of a release for one platform; null when it has no installer for it. */
export function buildUpdateInfo(release: { version: string; notes: string | null; publishedAt: Date }, platform: ReleasePlatform, files: readonly FeedFile[], stagingPercentage?: number): UpdateInfo | null {
  const installers = files.filter((f) => !isBlockMap(f.name));
  const primary = primaryArtifact(platform, installers);
  if (!primary) return null;
  return {
    version: release.version,
    // Relative URLs: electron-updater resolves them against the channel's folder.
    files: installers.map((f) => ({ url: f.name, sha512: f.sha512, size: f.size })),
    path: primary.name,
    sha512: primary.sha512,
    ...(release.notes ? { releaseNotes: release.notes } : {}),
    releaseDate: release.publishedAt.toISOString(),
    ...(stagingPercentage === undefined ? {} : { stagingPercentage }),
  };
}

/**
 * The channel file's text, in the layout electron-builder writes (js-yaml's `dump`): block
 * mappings, a block sequence of files indented under `files:`, strings plain where that reads
 * back as the same string and quoted where it would not (a date, `true`, `123`, `a: b`).
 */
export function updateInfoYaml(info: UpdateInfo): string {
  const lines = [`version: ${scalar(info.version)}`, 'files:'];
  for (const file of info.files) {
    lines.push(`  - url: ${scalar(file.url)}`, `    sha512: ${scalar(file.sha512)}`, `    size: ${file.size}`);
  }
  lines.push(`path: ${scalar(info.path)}`, `sha512: ${scalar(info.sha512)}`);
  if (info.releaseNotes !== undefined) lines.push(`releaseNotes: ${scalar(info.releaseNotes)}`);
  lines.push(`releaseDate: ${scalar(info.releaseDate)}`);
  if (info.stagingPercentage !== undefined) lines.push(`stagingPercentage: ${info.stagingPercentage}`);
  return `${lines.join('\n')}\n`;
}

// Words YAML reads as null or booleans (1.1 and 1.2 core schemas), numbers, dates and the like.
const TYPED = [
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)$/,
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
  /^[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^\d{4}-\d\d?-\d\d?/,
  /^<<$/,
];
// Conservative: characters that never start an indicator or a comment, and no `: ` or ` #`.
const PLAIN = /^[A-Za-z0-9+/_.()][A-Za-z0-9+/=_.() -]*$/;

function scalar(value: string): string {
  if (value.includes('\n') || /[^\x20-\x7e]/.test(value)) return JSON.stringify(value);
  if (PLAIN.test(value) && !value.endsWith(' ') && !TYPED.some((pattern) => pattern.test(value))) return value;
  return `'${value.replaceAll("'", "''")}'`;
}
