import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../integrations/integration-error';
import { backoffDelay, DEFAULT_RETRY, retryDelay } from './job';
import { jobs } from './registry';

describe('job retry policy', () => {
  it('retries three times in all, doubling the delay', () => {
    expect(DEFAULT_RETRY.attempts).toBe(3);
    expect([2, 3, 4].map((attempt) => backoffDelay(DEFAULT_RETRY, attempt))).toEqual([1_000, 2_000, 4_000]);
  });

  it("waits longer than the backoff when the vendor said how long, never shorter", () => {
    const limited = new IntegrationError('xero', 'rate_limited', '429', { retryAfterMs: 30_000 });
    expect(retryDelay(DEFAULT_RETRY, 2, limited)).toBe(30_000);
    expect(retryDelay(DEFAULT_RETRY, 3, new IntegrationError('xero', 'rate_limited', '429', { retryAfterMs: 500 }))).toBe(2_000);
    expect(retryDelay(DEFAULT_RETRY, 2, new Error('timeout'))).toBe(1_000);
    expect(retryDelay(DEFAULT_RETRY, 2, { details: { retryAfterMs: 'soon' } })).toBe(1_000);
  });

  it('registers every job once under a unique name with the shared retry options', () => {
    const names = jobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('seed-demo');
    for (const job of jobs) expect(job.retry.attempts).toBeGreaterThanOrEqual(1);
  });
});
