import { pino } from 'pino';

/** A real pino logger that writes nowhere, for tests that do not assert on logs. */
export const silentLogger = pino({ level: 'silent' });
