import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY } from './job';
import { jobs } from './registry';

describe('job retry policy', () => {
  it('retries three times in all, doubling the delay', () => {
    expect(DEFAULT_RETRY.attempts).toBe(3);
    expect([2, 3, 4].map((attempt) => backoffDelay(DEFAULT_RETRY, attempt))).toEqual([1_000, 2_000, 4_000]);
  });

  it('registers every job once under a unique name with the shared retry options', () => {
    const names = jobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('seed-demo');
    for (const job of jobs) expect(job.retry.attempts).toBeGreaterThanOrEqual(1);
  });
});
