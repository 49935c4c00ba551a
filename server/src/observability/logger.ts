import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger } from 'pino';

/**
 * The root logger: JSON lines for machines, pino-pretty when a person watches a terminal.
 * Subsystems take `logger.child({ name })` so every line says where it came from.
 */
export function createLogger(options: { level: LogLevel; pretty?: boolean }): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  return pino({
    level: options.level,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}

/** A named child logger for one subsystem (`http`, `db`, `jobs`, …). */
export function subsystemLogger(logger: Logger, name: string): Logger {
  return logger.child({ name });
}
