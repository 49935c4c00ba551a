import { describe, expect, it } from 'vitest';
import { createLogRing } from '../diagnostics/log-ring';
import { createLogger } from './create-logger';

describe('the desktop logger', () => {
  it('keeps debug lines in the ring even when it prints only warnings, and redacts secrets from them', () => {
    const ring = createLogRing();
    const logger = createLogger('silent', 'desktop', ring);
    logger.child({ subsystem: 'sync' }).debug({ attempt: 3, headers: { authorization: 'Device abc' }, credential: 'xyz' }, 'retrying');
    const lines = ring.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ name: 'desktop', subsystem: 'sync', attempt: 3, msg: 'retrying', headers: { authorization: '[redacted]' }, credential: '[redacted]' })]);
    expect(ring.lines().join('\n')).not.toMatch(/abc|xyz/);
  });

  it('keeps nothing below debug unless told to trace', () => {
    const ring = createLogRing();
    createLogger('silent', 'desktop', ring).trace('fine detail');
    expect(ring.lines()).toEqual([]);
    createLogger('trace', 'desktop', ring).trace('fine detail');
    expect(ring.lines()).toHaveLength(1);
  });
});
