/**
 * Semantic versions (semver.org 2.0) as electron-updater compares them: precedence by major, minor,
 * patch, then prerelease identifiers (numeric ones numerically, below alphanumeric ones; a version
 * without prerelease ranks above one with); build metadata is ignored.
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  /** The canonical text (no leading `v`, no build metadata). */
  text: string;
}

const NUMERIC = /^(0|[1-9]\d*)$/;
const IDENTIFIER = /^(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)$/;
const SHAPE = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** The version, or null when `text` is not a semantic version (a leading `v`, as in git tags, is allowed). */
export function parseSemVer(text: string): SemVer | null {
  const match = SHAPE.exec(text.trim());
  if (!match) return null;
  const [major, minor, patch] = [match[1]!, match[2]!, match[3]!].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  const prerelease: (string | number)[] = [];
  if (match[4] !== undefined) {
    for (const part of match[4].split('.')) {
      if (!IDENTIFIER.test(part)) return null;
      prerelease.push(NUMERIC.test(part) ? Number(part) : part);
    }
  }
  const text2 = `${major}.${minor}.${patch}${prerelease.length > 0 ? `-${prerelease.join('.')}` : ''}`;
  return { major, minor, patch, prerelease, text: text2 };
}

/** Negative when a ranks below b, 0 when they are equal in precedence, positive above. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] - b[key];
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** compareSemVer on texts; an unparseable text ranks below every version. */
export function compareVersions(a: string, b: string): number {
  const x = parseSemVer(a);
  const y = parseSemVer(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return compareSemVer(x, y);
}

/** Whether two version texts name the same version (false when either is not one). */
export function sameVersion(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = a ? parseSemVer(a) : null;
  const y = b ? parseSemVer(b) : null;
  return x !== null && y !== null && compareSemVer(x, y) === 0;
}

/**
 * The next version above `v` for a re-publication: the last numeric prerelease identifier + 1
 * (1.3.0-beta.2 → 1.3.0-beta.3), `.1` appended to a prerelease without one, else the patch + 1.
 */
export function nextVersion(v: SemVer): string {
  if (v.prerelease.length === 0) return `${v.major}.${v.minor}.${v.patch + 1}`;
  const parts = [...v.prerelease];
  const last = parts.at(-1);
  if (typeof last === 'number') parts[parts.length - 1] = last + 1;
  else parts.push(1);
  return `${v.major}.${v.minor}.${v.patch}-${parts.join('.')}`;
}
