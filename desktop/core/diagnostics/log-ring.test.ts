import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogRing } from './log-ring';

describe('the log ring', () => {
  it('keeps the newest lines within its line budget, oldest first, and counts what it let go', () => {
    const ring = createLogRing({ maxLines: 3 });
    for (let i = 1; i <= 5; i++) ring.write(`{"n":${i}}\n`);
    expect(ring.lines()).toEqual(['{"n":3}', '{"n":4}', '{"n":5}']);
    expect(ring.dropped()).toBe(2);
  });

  it('stays within its byte budget, and still holds the newest line when that alone is over', () => {
    const ring = createLogRing({ maxBytes: 25, maxLineBytes: 1_000 });
    ring.write('aaaaaaaaaa\nbbbbbbbbbb\n');
    ring.write('cccccccccc\n');
    expect(ring.lines()).toEqual(['bbbbbbbbbb', 'cccccccccc']);
    ring.write(`${'d'.repeat(40)}\n`);
    expect(ring.lines()).toEqual(['d'.repeat(40)]);
  });

  it('keeps an oversized line as a JSON note with its start', () => {
    const ring = createLogRing({ maxLineBytes: 100 });
    ring.write(`${'x'.repeat(500)}\n`);
    expect(JSON.parse(ring.lines()[0]!)).toEqual({ truncatedLine: 'x'.repeat(25), originalBytes: 500 });
  });

  it('survives many laps without holding more than its budget', () => {
    const ring = createLogRing({ maxLines: 10 });
    for (let i = 0; i < 1_000; i++) ring.write(`${i}\n`);
    expect(ring.lines()).toEqual(Array.from({ length: 10 }, (_, k) => String(990 + k)));
  });

  it('is a pino destination: each log call is one JSON line', () => {
    const ring = createLogRing();
    const logger = pino({ name: 'core', level: 'debug' }, ring);
    logger.child({ subsystem: 'sync' }).warn({ failures: 2 }, 'push failed');
    const [line] = ring.lines();
    expect(JSON.parse(line!)).toMatchObject({ name: 'core', subsystem: 'sync', failures: 2, msg: 'push failed', level: 40 });
  });
});
