import { pino, type Logger } from 'pino';
import type { LogLevel } from './load-desktop-config';

/** JSON lines, as everywhere in CapLiquify; the desktop's lines say where they come from. */
export function createLogger(level: LogLevel, name = 'desktop'): Logger {
  return pino({ name, level });
}
