import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CHANNEL_NAME } from '@capliquify/shared/protocol/update-channel';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  CAPLIQUIFY_SERVER_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
  CAPLIQUIFY_DATA_DIR: z.string().min(1).optional(),
  CAPLIQUIFY_DESKTOP_DATA_DIR: z.string().min(1).optional(),
  HOST_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  // Same bounds as the enrolment request, so a bad value fails at start, not at the server.
  CAPLIQUIFY_ENROLLMENT_CODE: z.string().trim().min(6).max(64).optional(),
  CAPLIQUIFY_STATION_NAME: z.string().trim().min(1).max(120).optional(),
  // Electron main passes its app version and update channel; the browser host runs from npm.
  CAPLIQUIFY_APP_VERSION: z.string().trim().min(1).max(64).optional(),
  npm_package_version: z.string().trim().min(1).max(64).optional(),
  CAPLIQUIFY_UPDATE_CHANNEL: z.string().regex(CHANNEL_NAME, 'a channel name: lower-case letters, digits and dashes, starting with a letter').default('stable'),
});

export type LogLevel = (typeof logLevels)[number];

export interface DesktopConfig {
  /** Base URL of the sync server (its tRPC endpoint is `<serverUrl>/trpc`). */
  serverUrl: string;
  /** Absolute folder holding the replica and other per-device files. */
  dataDir: string;
  /** Port of the browser host; 0 picks any free port. */
  hostPort: number;
  logLevel: LogLevel;
  /** A one-time code to enrol with at start when the station holds no credential yet. */
  enrollmentCode: string | null;
  /** How the station introduces itself when it enrols (the host name unless set). */
  stationName: string;
  /** The app's version, as the health report tells the fleet screen. */
  appVersion: string;
  /** The update channel the station follows (stable, beta, or one an admin added). */
  updateChannel: string;
}

/**
 * Reads and validates the desktop's environment. Throws one error naming every bad variable, so a
 * misconfigured station fails at start rather than on the first sync.
 */
export function loadDesktopConfig(env: Record<string, string | undefined> = process.env, hostName: string = os.hostname()): DesktopConfig {
  const parsed = envSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid desktop configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = e.CAPLIQUIFY_DESKTOP_DATA_DIR ?? path.join(e.CAPLIQUIFY_DATA_DIR ?? '.data', 'desktop');
  return {
    serverUrl: e.CAPLIQUIFY_SERVER_URL.replace(/\/+$/, ''),
    dataDir: path.resolve(dataDir),
    hostPort: e.HOST_PORT,
    logLevel: e.LOG_LEVEL,
    enrollmentCode: e.CAPLIQUIFY_ENROLLMENT_CODE ?? null,
    stationName: e.CAPLIQUIFY_STATION_NAME ?? (hostName.slice(0, 120) || 'Station'),
    appVersion: e.CAPLIQUIFY_APP_VERSION ?? e.npm_package_version ?? '0.0.0-dev',
    updateChannel: e.CAPLIQUIFY_UPDATE_CHANNEL,
  };
}

// An exported-but-empty variable (`HOST_PORT=`) means "not set", not "invalid".
function blankToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]));
}
