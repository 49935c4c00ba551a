/** A channel's name as the update server and the release CLI accept it. */
export const CHANNEL_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The channel a build belongs to by its version: a plain version (1.4.0) is `stable`, a prerelease
 * is named by its first identifier (1.4.0-beta.2 → `beta`, 1.5.0-rc.1 → `rc`). The release
 * workflow publishes to it, and an installed app follows it unless told otherwise.
 */
export function channelForVersion(version: string): string {
  const match = /^v?\d+\.\d+\.\d+(?:-([0-9A-Za-z-]+)(?:\.[0-9A-Za-z.-]+)?)?(?:\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!match) throw new Error(`"${version}" is not a semantic version (like 1.4.0 or 1.4.0-beta.2).`);
  const tag = match[1]?.toLowerCase();
  if (tag === undefined) return 'stable';
  if (!CHANNEL_NAME.test(tag) || tag === 'latest') throw new Error(`The prerelease tag of ${version} ("${tag}") cannot name a channel: use letters, digits and dashes, starting with a letter.`);
  return tag;
}
