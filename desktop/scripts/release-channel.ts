// `npx tsx desktop/scripts/release-channel.ts <version>` prints the update channel a version is
// published to (1.4.0 → stable, 1.4.0-beta.2 → beta): the release workflow's `--channel`, and the
// channel an installed build follows by default (main/updates/updater-config.ts).
import { channelForVersion } from '@capliquify/shared/protocol/update-channel';

try {
  console.log(channelForVersion(process.argv[2] ?? ''));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
