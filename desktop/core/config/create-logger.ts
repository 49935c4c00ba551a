import { pino, type Level, type Logger } from 'pino';
import type { LogRing } from '../diagnostics/log-ring';
import type { LogLevel } from './load-desktop-config';

// Secrets that could ride along in a logged object never reach stdout or a diagnostic bundle.
const SECRET_KEYS = ['authorization', 'credential', 'accessToken', 'refreshToken', 'password', 'pin', 'secret'];
const redact = { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' };

/**
 * JSON lines, as everywhere in CapLiquify; the desktop's lines say where they come from. With a
 * ring, every line from debug up is also kept in memory for a diagnostic bundle, whatever the
 * level printed, so the bundle tells what happened even on a station printing only warnings.
 */
export function createLogger(level: LogLevel, name = 'desktop', ring?: LogRing): Logger {
  if (!ring) return pino({ name, level, redact });
  const kept: Level = level === 'trace' ? 'trace' : 'debug';
  const streams: pino.StreamEntry[] = [{ level: kept, stream: ring }];
  if (level !== 'silent') streams.push({ level, stream: pino.destination(1) });
  return pino({ name, level: kept, redact }, pino.multistream(streams));
}
