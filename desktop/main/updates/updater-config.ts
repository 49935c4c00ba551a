import { z } from 'zod';
import { CHANNEL_NAME, channelForVersion } from '@capliquify/shared/protocol/update-channel';

export interface UpdaterConfig {
  /** Whether this app updates itself: a packaged build, unless `CAPLIQUIFY_UPDATES=off`. */
  enabled: boolean;
  /** The generic provider's URL: `<update server>/updates/<channel>`. */
  feedUrl: string;
  channel: string;
  appVersion: string;
}

const envSchema = z.object({
  CAPLIQUIFY_SERVER_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
  CAPLIQUIFY_UPDATE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CAPLIQUIFY_UPDATE_CHANNEL: z.string().regex(CHANNEL_NAME, 'a channel name: lower-case letters, digits and dashes, starting with a letter').optional(),
  CAPLIQUIFY_UPDATES: z.enum(['on', 'off']).default('on'),
});

/**
 * The updater's settings, read once in main. The feed is the sync server's (`CAPLIQUIFY_UPDATE_URL`
 * points elsewhere, e.g. a CDN); the channel is the build's own unless the station is told another.
 * Throws one error naming every bad variable.
 */
export function loadUpdaterConfig(env: Record<string, string | undefined>, app: { version: string; isPackaged: boolean }): UpdaterConfig {
  const blankless = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    throw new Error(`Invalid update settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const channel = e.CAPLIQUIFY_UPDATE_CHANNEL ?? ownChannel(app.version);
  const base = (e.CAPLIQUIFY_UPDATE_URL ?? e.CAPLIQUIFY_SERVER_URL).replace(/\/+$/, '');
  return { enabled: app.isPackaged && e.CAPLIQUIFY_UPDATES === 'on', feedUrl: `${base}/updates/${channel}`, channel, appVersion: app.version };
}

/** The build's channel by its version; a version no release could carry (a local build's) follows stable rather than stopping the app. */
function ownChannel(version: string): string {
  try {
    return channelForVersion(version);
  } catch {
    return 'stable';
  }
}
