import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A real pino logger writing JSON lines into memory, so tests can read what was logged. */
export function captureLogger(level: pino.LevelWithSilent = 'info'): { logger: Logger; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
